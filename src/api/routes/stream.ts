import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.ts';
import type { Subscription } from '../../realtime/price-stream.ts';
import { createSseSink } from '../../realtime/sse-sink.ts';
import { Id, PlatformSlug, withErrors } from '../schemas.ts';

const EventId = {
  type: 'string',
  pattern: '^[0-9]{1,15}$',
  description: 'An event id the client already has.',
};

interface StreamRequest {
  Querystring: { product_id?: number; platform?: string; last_event_id?: string };
  Headers: { 'last-event-id'?: string };
}

/**
 * GET /api/v1/stream/prices: Server-Sent Events of committed price, stock, ETA and flash-sale changes
 * (CONTRACTS.md §1). The reply is hijacked, so the headers other hooks set (CORS, helmet, rate limit,
 * request id) are copied onto the raw response, and the stream is ended when the server closes.
 */
export function registerStreamRoutes(app: FastifyInstance, services: Services): void {
  app.addHook('preClose', async () => {
    services.priceStream.closeClients();
  });
  app.get<StreamRequest>(
    '/api/v1/stream/prices',
    {
      config: { access: 'read' },
      schema: {
        tags: ['stream'],
        summary: 'Live price, stock, delivery-time and flash-sale changes (Server-Sent Events)',
        description:
          'Each committed change is one `price` event whose `id` is a strictly increasing event id and whose `data` ' +
          'is one line of JSON. `: heartbeat` comments keep the connection open. Reconnect with the ' +
          '`Last-Event-ID` header (or `last_event_id`) to replay the missed events first. A client that stops ' +
          'reading is disconnected.',
        querystring: {
          type: 'object',
          properties: {
            product_id: { ...Id, description: 'Only changes of this product.' },
            platform: PlatformSlug,
            last_event_id: EventId,
          },
          additionalProperties: false,
        },
        headers: { type: 'object', properties: { 'last-event-id': EventId } },
        response: withErrors({
          200: {
            description: 'An endless `text/event-stream`.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        }),
      },
    },
    async (request, reply) => {
      const resumeFrom = request.headers['last-event-id'] ?? request.query.last_event_id;
      reply.header('x-request-id', request.id);
      reply.hijack();
      const response = reply.raw;
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) response.setHeader(name, value);
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      let subscription: Subscription | null = null;
      let gone = false;
      response.once('close', () => {
        gone = true;
        subscription?.unsubscribe();
      });
      const sink = createSseSink(response, services.env.QCD_STREAM_MAX_BUFFER_BYTES, () =>
        request.log.warn('dropped a live-stream client that stopped reading'),
      );
      try {
        subscription = await services.priceStream.subscribe({
          filter: { productId: request.query.product_id, platform: request.query.platform },
          lastEventId: resumeFrom === undefined ? undefined : Number(resumeFrom),
          sink,
        });
        if (gone) subscription.unsubscribe();
        // Flushes the headers only now that the client is subscribed: a browser's EventSource reports the
        // stream open on the headers, and every change committed after that must reach it.
        else response.write(': stream open\n\n');
      } catch (error) {
        request.log.error({ err: error }, 'could not start a live price stream');
        response.end();
      }
    },
  );
}

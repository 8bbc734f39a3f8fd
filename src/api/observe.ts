import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Services } from '../app/services.ts';

// Accepted ids are short and plain so a client cannot inject into log lines.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request ids: the client's X-Request-Id when it is sane, else a new UUID; echoed back and on every log line. */
export const REQUEST_ID_OPTIONS: Pick<FastifyServerOptions, 'genReqId' | 'requestIdHeader'> = {
  requestIdHeader: false,
  genReqId: (request) => {
    const id = request.headers['x-request-id'];
    return typeof id === 'string' && CLIENT_REQUEST_ID.test(id) ? id : randomUUID();
  },
};

/** Request logs carry no headers, body, query string or client address: nothing personal and no keys. */
export const LOG_SERIALIZERS = {
  req: (request: { method: string; url: string; routeOptions?: { url?: string } }) => ({
    method: request.method,
    route: request.routeOptions?.url ?? 'unmatched',
    path: request.url.split('?')[0],
  }),
  res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
};

/** Latency histogram by route template and per-minute usage by key, recorded after the response is sent. */
export function registerObservation(
  app: FastifyInstance,
  services: Pick<Services, 'metrics' | 'telemetry'>,
): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label: raw paths would let clients create unbounded metric series.
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    services.metrics.httpDuration.observe(
      { route, method: request.method, status_code: String(reply.statusCode) },
      seconds,
    );
    services.telemetry.recordUsage({
      keyLabel: request.principal ? request.principal.prefix : 'anonymous',
      keyId: request.principal?.keyId ?? null,
      route,
      method: request.method,
      status: reply.statusCode,
      ms: reply.elapsedTime,
    });
  });
}

import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { AppError, ErrorCode, toErrorBody } from '../shared/errors.ts';
import { registerAuth } from './auth.ts';
import { registerDocs } from './docs.ts';
import { HTTP_STATUS } from './error-status.ts';
import { LOG_SERIALIZERS, REQUEST_ID_OPTIONS, registerObservation } from './observe.ts';
import { registerRateLimit } from './rate-limit.ts';
import { registerBasketRoutes } from './routes/basket.ts';
import { registerDealRoutes } from './routes/deals.ts';
import { registerFeedRoutes } from './routes/feeds.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerMetricsRoute } from './routes/metrics.ts';
import { registerPlatformRoutes } from './routes/platforms.ts';
import { registerProductRoutes } from './routes/products.ts';
import { registerQueryRoutes } from './routes/query.ts';
import { registerStreamRoutes } from './routes/stream.ts';
import { toAppError } from './to-app-error.ts';
import { AJV_OPTIONS } from './validation.ts';
import { registerWebUi, type WebUi } from './web-ui.ts';

/** Seconds a client should wait before retrying while the database is unavailable. */
const RETRY_AFTER_UNAVAILABLE_S = 5;

/** Builds the HTTP app without listening, so tests drive it with inject() and server.ts owns the process. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.logger.child({}, { serializers: LOG_SERIALIZERS }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    ajv: AJV_OPTIONS,
    ...REQUEST_ID_OPTIONS,
  });

  let webUi: WebUi | undefined;
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    const status = HTTP_STATUS[appError.code];
    services.metrics.errors.inc({ code: appError.code });
    if (status >= 500) {
      request.log.error({ err: error }, appError.message);
      services.telemetry.recordError({
        error_code: appError.code,
        message: appError.message,
        route: request.routeOptions.url ?? null,
        request_id: request.id,
      });
    }
    if (status === 503) reply.header('retry-after', String(RETRY_AFTER_UNAVAILABLE_S));
    return reply.status(status).send(toErrorBody(appError, services.clock.now()));
  });
  app.setNotFoundHandler((request, reply) => {
    const page = webUi?.fallback(request, reply);
    if (page) return page;
    services.metrics.errors.inc({ code: ErrorCode.NotFound });
    return reply.status(404).send(
      toErrorBody(
        new AppError(ErrorCode.NotFound, `No route ${request.method} ${request.url.split('?')[0]}`, {
          hint: 'See /openapi.json for the list of routes.',
        }),
        services.clock.now(),
      ),
    );
  });

  // A request still running when shutdown starts gets `Connection: close`, so its keep-alive socket does not
  // hold the server open for the keep-alive timeout after the response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  await app.register(helmet, { global: true });
  await app.register(cors, { origin: corsOrigins(services.env.QCD_CORS_ORIGINS), credentials: false });
  registerObservation(app, services);
  registerAuth(app, services);
  // Docs and the web UI before the rate limiter: the limiter applies to routes registered after it, and
  // static files should not use up a client's quota.
  await registerDocs(app);
  webUi = await registerWebUi(app);
  await registerRateLimit(app, services);

  registerHealthRoutes(app, services);
  registerMetricsRoute(app, services);
  registerQueryRoutes(app, services);
  registerProductRoutes(app, services);
  registerDealRoutes(app, services);
  registerBasketRoutes(app, services);
  registerPlatformRoutes(app, services);
  registerFeedRoutes(app, services);
  registerStreamRoutes(app, services);
  return app;
}

/** QCD_CORS_ORIGINS: comma-separated origins allowed to call the API from a browser; "*" allows any. */
function corsOrigins(setting: string): string[] | boolean {
  const origins = setting
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return origins.includes('*') ? true : origins;
}

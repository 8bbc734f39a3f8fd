import Fastify, { type FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { AppError, ErrorCode, toErrorBody } from '../shared/errors.ts';
import { HTTP_STATUS } from './error-status.ts';
import { registerHealthRoutes } from './routes/health.ts';

/** Builds the HTTP app without listening, so tests drive it with inject() and server.ts owns the process. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: services.logger, bodyLimit: 1024 * 1024, disableRequestLogging: false });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (HTTP_STATUS[appError.code] >= 500) request.log.error({ err: error }, appError.message);
    return reply.status(HTTP_STATUS[appError.code]).send(toErrorBody(appError, services.clock.now()));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(
      toErrorBody(
        new AppError(ErrorCode.NotFound, `No route ${request.method} ${request.url.split('?')[0]}`, {
          hint: 'See /openapi.json for the list of routes.',
        }),
        services.clock.now(),
      ),
    ),
  );

  registerHealthRoutes(app, services);
  return app;
}

/** Fastify's own errors (validation, body size, bad JSON) become AppErrors; anything unknown is a hidden 500. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (e.validation) {
    return new AppError(ErrorCode.BadRequest, e.message ?? 'Invalid request', {
      details: { validation: e.validation },
      hint: 'Check the request against /openapi.json.',
    });
  }
  if (e.statusCode === 413) {
    return new AppError(ErrorCode.PayloadTooLarge, 'Request body is too large', { hint: 'Send a smaller body.' });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(ErrorCode.BadRequest, e.message ?? 'Bad request', { details: { code: e.code ?? null } });
  }
  return new AppError(ErrorCode.Internal, 'Internal server error', { hint: 'Try again; if it persists, report it.' });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import type { Principal, Scope } from '../auth/api-keys.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';

/** What a route needs: nothing (`public`), a read key or anonymous read when allowed, or an admin key. */
export type Access = 'public' | Scope;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SEND_KEY_HINT =
  'Send the key as `Authorization: Bearer <key>` or `X-API-Key: <key>` (create one with `qcd keys create`).';

/**
 * Runs first on every request (before the body is read and before rate limiting, which keys on the principal):
 * a presented key must be valid whatever the route; then the route's access level decides.
 */
export function registerAuth(app: FastifyInstance, services: Pick<Services, 'env' | 'authenticate'>): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const key = presentedKey(request);
    if (key !== null) {
      request.principal = await services.authenticate(key);
      if (!request.principal) {
        throw new AppError(ErrorCode.Unauthorized, 'The API key is not valid (unknown or revoked)', {
          hint: SEND_KEY_HINT,
        });
      }
    }
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public' || (access === 'read' && services.env.QCD_ANONYMOUS_READ && !request.principal))
      return;
    if (!request.principal) {
      throw new AppError(
        ErrorCode.Unauthorized,
        `This endpoint needs ${access === 'admin' ? 'an admin' : 'an'} API key`,
        {
          hint: SEND_KEY_HINT,
        },
      );
    }
    if (access === 'admin' && request.principal.scope !== 'admin') {
      throw new AppError(ErrorCode.Forbidden, 'This endpoint needs an admin key; this key has read scope', {
        hint: 'Create one with `qcd keys create --scope admin`.',
      });
    }
  });
}

function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header.trim();
  const authorization = request.headers.authorization;
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match) return match[1]!;
  throw new AppError(ErrorCode.Unauthorized, 'Unsupported Authorization header', { hint: SEND_KEY_HINT });
}

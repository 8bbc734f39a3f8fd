import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the UI (web/dist beside src/). */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The UI document's own policy: helmet's default adds `upgrade-insecure-requests`, which would send the
 * page's same-origin requests to https when the UI is served over plain http on a LAN address.
 */
const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Chart libraries position tooltips with inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const NOT_BUILT =
  'The web UI is not built yet. Run `npm run build:web` (or `npm start`, which builds it when missing) ' +
  'and restart the server. The API is at /api/v1 and its documentation at /docs.\n';

export interface WebUi {
  /** Sends the app's document for a page of the single-page app (a non-API GET accepting HTML), else null. */
  fallback(request: FastifyRequest, reply: FastifyReply): FastifyReply | null;
}

/**
 * Serves the built UI at `/`: hashed assets with a long cache, the SPA document for `/` and for page paths
 * that are not files (so deep links like /product/53 load the app). API paths never fall back to HTML.
 */
export async function registerWebUi(app: FastifyInstance, distDir = WEB_DIST_DIR): Promise<WebUi> {
  const indexFile = `${distDir}/index.html`;
  if (!existsSync(indexFile)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain').send(NOT_BUILT),
    );
    return { fallback: () => null };
  }
  const indexHtml = readFileSync(indexFile, 'utf8');
  const sendIndex = (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', UI_CSP)
      .send(indexHtml);

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file, so unknown paths reach the not-found handler (JSON for the API).
    wildcard: false,
    globIgnore: ['**/index.html'],
    index: false,
    decorateReply: false,
    schemaHide: true,
    setHeaders(reply, path) {
      if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));

  return {
    fallback(request, reply) {
      const path = request.url.split('?')[0] ?? '';
      const isPage =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !path.startsWith('/api/') &&
        !path.startsWith('/assets/') &&
        (request.headers.accept ?? '').includes('text/html');
      return isPage ? sendIndex(reply) : null;
    },
  };
}

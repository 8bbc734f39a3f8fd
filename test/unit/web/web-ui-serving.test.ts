import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebUi } from '../../../src/api/web-ui.ts';

/** A bare app with the UI module and a JSON not-found handler that consults the SPA fallback first, as buildApp does. */
async function appServing(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  const ui = await registerWebUi(app, distDir);
  app.setNotFoundHandler(
    (request, reply) => ui.fallback(request, reply) ?? reply.status(404).send({ error_code: 'NOT_FOUND' }),
  );
  app.get('/api/v1/health', async () => ({ status: 'ok' }));
  return app;
}

describe('serving the built web UI', () => {
  const dist = mkdtempSync(join(tmpdir(), 'qcd-web-dist-'));
  let app: FastifyInstance;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    app = await appServing(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app at / with its own policy and no caching of the document', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a long cache and other files as they are', async () => {
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/favicon.svg' })).statusCode).toBe(200);
  });

  it('answers page paths that accept HTML with the app, and never API or asset paths', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const page = await app.inject({ url: '/product/53?x=1', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect((await app.inject({ url: '/api/v1/nope', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js', headers: html })).statusCode).toBe(404);
    expect(
      (await app.inject({ url: '/product/53', headers: { accept: 'application/json' } })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/product/53', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/health' })).json()).toEqual({ status: 'ok' });
  });

  it('says how to build the UI when web/dist is missing', async () => {
    const bare = await appServing(join(dist, 'not-built'));
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build:web');
    expect((await bare.inject({ url: '/deals', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    await bare.close();
  });
});

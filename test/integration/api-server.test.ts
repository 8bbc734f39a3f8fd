import { request } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { testEnv } from '../support/api.ts';
import { createTestDatabase, postgresRequired, type TestDatabase } from '../support/databases.ts';
import { sharedRedisRuns, TEST_REDIS_URL } from '../support/redis.ts';

/** Behaviour that needs real sockets: shared rate limits over Redis, draining on shutdown, database restarts. */
const runIt = (postgresRequired || process.env.QCD_SKIP_POSTGRES !== '1') && sharedRedisRuns;
const REDIS_URL = TEST_REDIS_URL;

describe.runIf(runIt)('API over a listening server [postgres + redis]', () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServer(testEnv({ PORT: '0', ...env }), { logger: createLogger('silent') });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
  });

  it('shares rate limits between two instances through Redis', async () => {
    const env = { DATABASE_URL: database.url!, REDIS_URL, QCD_RATE_LIMIT_KEY: '3/min' };
    const [a, b] = [await start(env), await start(env)];
    // A fresh key: its counter in Redis is new, whatever else uses this Redis.
    const { key } = await createApiKey(database.db, { scope: 'read' });
    const hit = async (server: RunningServer) =>
      (await fetch(`${server.url}/api/v1/platforms`, { headers: { authorization: `Bearer ${key}` } })).status;
    expect([await hit(a), await hit(b), await hit(a)]).toEqual([200, 200, 200]);
    const limited = await fetch(`${b.url}/api/v1/platforms`, { headers: { authorization: `Bearer ${key}` } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error_code: string }).error_code).toBe('RATE_LIMITED');
    expect(await hit(a)).toBe(429);
    const ready = (await (await fetch(`${a.url}/api/v1/health/ready`)).json()) as { cache: unknown };
    expect(ready.cache).toMatchObject({ status: 'up', kind: 'redis' });
  });

  it('drains an in-flight request on shutdown and refuses new connections', async () => {
    const server = await start({ DATABASE_URL: database.url! });
    const { key } = await createApiKey(database.db, { scope: 'admin' });
    const feed = '{"type":"platform","slug":"drainy","name":"Drainy","membership_name":null}\n';
    const url = new URL(`${server.url}/api/v1/feeds`);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/x-ndjson',
            'content-length': Buffer.byteLength(feed),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after shutdown has begun: the request is in flight throughout.
      req.write(feed.slice(0, 20));
      setTimeout(() => req.end(feed.slice(20)), 500);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    const res = await response;
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ accepted: 1 });
    await closed;
  });

  it('answers 503 with Retry-After while the database is down, and recovers without a restart', async () => {
    const target = new URL(database.url!);
    const proxy = await tcpProxy(Number(target.port || 5432));
    const url = new URL(database.url!);
    url.port = String(proxy.port);
    const server = await start({ DATABASE_URL: url.toString() });
    const platforms = () => fetch(`${server.url}/api/v1/platforms`);
    expect((await platforms()).status).toBe(200);

    await proxy.stop(); // the "restart": open connections cut, new ones refused
    const down = await platforms();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(((await down.json()) as { error_code: string }).error_code).toBe('DATABASE_UNAVAILABLE');
    expect((await fetch(`${server.url}/api/v1/health/ready`)).status).toBe(503);
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);

    await proxy.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i += 1) {
      status = (await platforms()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    await server.close();
    await proxy.stop();
  });
});

/** A TCP proxy to PostgreSQL that can be stopped (cutting every connection) and started again on its port. */
async function tcpProxy(targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    start: listen,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The shared Redis: tests use a unique key prefix and delete only their own keys. */
export const TEST_REDIS_URL = process.env.QCD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Under CI the Redis suites must run: a missing Redis fails them instead of skipping them. */
export const redisRequired = process.env.CI === 'true' || process.env.QCD_REQUIRE_REDIS === '1';

/** Whether suites that use the shared Redis run (global-setup.ts probes it once and sets QCD_SKIP_REDIS). */
export const sharedRedisRuns = redisRequired || process.env.QCD_SKIP_REDIS !== '1';

/** Whether suites that start their own redis-server run (QCD_SKIP_REDIS_SERVER when the binary is missing). */
export const ownRedisRuns = redisRequired || process.env.QCD_SKIP_REDIS_SERVER !== '1';

export async function isRedisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function uniquePrefix(name: string): string {
  return `qcdtest:${name}:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix` (SCAN, never FLUSHDB: the server is shared). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A private redis-server this test may kill and restart (never the shared one). */
export interface OwnRedis {
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const own: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      for (let attempt = 0; ; attempt++) {
        const probe = new Redis(own.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch {
          if (attempt > 100) throw new Error(`redis-server on port ${port} did not start`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
          probe.disconnect();
        }
      }
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
      child = null;
    },
  };
  await own.start();
  return own;
}

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/cache/redis-store.ts';
import { deleteKeys, sharedRedisRuns, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

describe.runIf(sharedRedisRuns)('Redis store', () => {
  const prefix = uniquePrefix('store');
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const subscriber = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    redis.disconnect();
    subscriber.disconnect();
    await deleteKeys(TEST_REDIS_URL, prefix);
  });

  it('bumps every tag of an invalidation and publishes it, in one command', async () => {
    const store = new RedisStore(redis, prefix);
    const heard: string[] = [];
    await subscriber.subscribe(store.channel);
    subscriber.on('message', (_channel, message) => heard.push(message));
    const tags = Array.from({ length: 1500 }, (_, i) => `product:${i}`);
    await store.bumpAndPublish(tags, 'first');
    await store.bumpAndPublish(['product:7', 'any'], 'second');
    const versions = await redis.mget(
      `${prefix}:tag:product:0`,
      `${prefix}:tag:product:7`,
      `${prefix}:tag:any`,
    );
    expect(versions).toEqual(['1', '2', '1']);
    for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual(['first', 'second']);
  });
});

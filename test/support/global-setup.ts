import { isPostgresReachable, POSTGRES_ADMIN_URL, postgresRequired } from './databases.ts';
import { hasRedisServerBinary, isRedisReachable, redisRequired, TEST_REDIS_URL } from './redis.ts';

/**
 * Decides once per run whether the suites needing real PostgreSQL or Redis run, are skipped (a bare machine:
 * `npm test` passes on the embedded defaults), or fail (CI, where skipping them would hide what they test).
 */
export default async function globalSetup(): Promise<void> {
  if (!(await isPostgresReachable())) {
    if (postgresRequired) {
      throw new Error(
        `CI requires PostgreSQL at ${POSTGRES_ADMIN_URL} but it is unreachable; the integration tests must not be skipped.`,
      );
    }
    process.env.QCD_SKIP_POSTGRES = '1';
    console.warn(
      `PostgreSQL unreachable at ${POSTGRES_ADMIN_URL}: running the embedded PGlite half of the suites only.`,
    );
  }
  if (!(await isRedisReachable())) {
    if (redisRequired) {
      throw new Error(
        `CI requires Redis at ${TEST_REDIS_URL} but it is unreachable; start it (see DEVELOPERS.md).`,
      );
    }
    process.env.QCD_SKIP_REDIS = '1';
    console.warn(
      `Redis unreachable at ${TEST_REDIS_URL}: skipping the suites that share a cache through Redis.`,
    );
  }
  if (!hasRedisServerBinary()) {
    if (redisRequired) throw new Error('CI requires the redis-server binary for the Redis outage test.');
    process.env.QCD_SKIP_REDIS_SERVER = '1';
    console.warn('redis-server is not installed: skipping the test that kills and restarts its own Redis.');
  }
}

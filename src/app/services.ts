import type { Env } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { type Clock, fixedClock, systemClock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../shared/logger.ts';

/**
 * Every side effect the app needs, built in one place from the parsed config. Tests pass overrides
 * (an in-memory database, a fixed clock, a silent logger) instead of patching modules.
 */
export interface Services {
  env: Env;
  db: Database;
  clock: Clock;
  logger: Logger;
  close(): Promise<void>;
}

export interface ServiceOverrides {
  db?: Database;
  clock?: Clock;
  logger?: Logger;
}

export async function createServices(env: Env, overrides: ServiceOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? createLogger(env.LOG_LEVEL);
  const clock = overrides.clock ?? (env.QCD_NOW ? fixedClock(env.QCD_NOW) : systemClock);
  const db = overrides.db ?? (await openDatabase(env));
  await migrate(db);
  return {
    env,
    db,
    clock,
    logger,
    async close() {
      await db.close();
    },
  };
}

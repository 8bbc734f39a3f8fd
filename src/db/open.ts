import type { Env } from '../config/env.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** DATABASE_URL unset → PGlite on disk; memory:// → ephemeral PGlite; postgres:// → a pg pool. */
export async function openDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'QCD_DATA_DIR' | 'DATABASE_POOL_SIZE'>,
): Promise<Database> {
  if (!env.DATABASE_URL) return openPglite(env.QCD_DATA_DIR);
  if (env.DATABASE_URL === 'memory://') return openPglite();
  return openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
}

import { readFileSync } from 'node:fs';
import type { Queryable } from '../src/db/database.ts';

/**
 * CPU time spent by this process and by the PostgreSQL backends serving one database. On a machine shared
 * with other work, wall-clock rates swing with the load; CPU seconds per line are much steadier, so the
 * import benchmark reports both. Backends are read from /proc, so this needs the server on this machine.
 */
export interface CpuMark {
  node: NodeJS.CpuUsage;
  backends: Map<number, number> | null;
}

const TICKS_PER_SECOND = 100;

async function backendTicks(db: Queryable): Promise<Map<number, number> | null> {
  try {
    const { rows } = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      // Fields after the command name: state is the 3rd field of the line, utime and stime the 14th and 15th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    }
    return ticks;
  } catch {
    return null;
  }
}

export async function cpuMark(db: Queryable | null): Promise<CpuMark> {
  return { node: process.cpuUsage(), backends: db ? await backendTicks(db) : null };
}

/** CPU seconds since `start`: this process, and the database's backends (null when unknown). */
export async function cpuSince(
  start: CpuMark,
  db: Queryable | null,
): Promise<{ node_s: number; database_s: number | null }> {
  const node = process.cpuUsage(start.node);
  const now = db ? await backendTicks(db) : null;
  let database: number | null = null;
  if (now && start.backends) {
    database = 0;
    for (const [pid, ticks] of now) database += ticks - (start.backends.get(pid) ?? 0);
  }
  const round = (s: number) => Math.round(s * 100) / 100;
  return {
    node_s: round((node.user + node.system) / 1e6),
    database_s: database === null ? null : round(database / TICKS_PER_SECOND),
  };
}

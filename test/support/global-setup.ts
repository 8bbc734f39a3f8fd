import { isPostgresReachable, POSTGRES_ADMIN_URL, postgresRequired } from './databases.ts';

/** Decides once per run whether the real-PostgreSQL half of the suites runs, is skipped, or fails. */
export default async function globalSetup(): Promise<void> {
  if (await isPostgresReachable()) return;
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

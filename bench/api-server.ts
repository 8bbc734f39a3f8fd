import { parseEnv } from '../src/config/env.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';

/**
 * The server under test for bench/api.ts, in its own process so the load generator does not take its CPU.
 * Configured by the environment; prints {"url": …} once listening; SIGTERM closes it gracefully.
 */
const server = await startServer(parseEnv(), { logger: createLogger('silent') });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

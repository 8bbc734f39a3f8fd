import type { Command } from 'commander';
import { parseEnv } from '../../config/env.ts';
import { handleShutdownSignals, startServer } from '../../server.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP API and web UI (PGlite in ./data/pglite unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--simulate', 'run the price simulator inside the server')
    .action(async (opts: { port?: string; simulate?: boolean }) => {
      const env = parseEnv({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.simulate ? { QCD_SIMULATE: 'true' } : {}),
      });
      const server = await startServer(env);
      handleShutdownSignals(server);
      process.stdout.write(`Quick Commerce Deals is running at ${server.url}\n`);
    });
}

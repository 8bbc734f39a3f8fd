import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.ts';
import { createServices, type ServiceOverrides, type Services } from './app/services.ts';
import { seedDemoIfEmpty } from './catalog/seed.ts';
import type { Env } from './config/env.ts';
import { runSimulation } from './realtime/simulator-runner.ts';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/** Starts the service: database ready (migrated, demo data on a first start), HTTP listening. */
export async function startServer(env: Env, overrides: ServiceOverrides = {}): Promise<RunningServer> {
  const services = await createServices(env, overrides);
  if (env.QCD_DEMO_ON_START) {
    const seeded = await seedDemoIfEmpty(services);
    // The seed's batches already refreshed the entity index and the cache through onCatalogCommitted.
    if (seeded) services.logger.info(seeded, 'loaded demo data into an empty database');
  }
  const app = await buildApp(services);
  await app.listen({ port: env.PORT, host: env.HOST });
  const simulation = env.QCD_SIMULATE ? startSimulation(services) : null;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    app,
    services,
    url,
    close() {
      // app.close() stops accepting connections and waits for in-flight requests; then telemetry is flushed
      // and the pool closes.
      closing ??= (simulation?.stop() ?? Promise.resolve())
        .then(() => app.close())
        .then(() => services.close());
      return closing;
    },
  };
}

/** The opt-in price simulator (QCD_SIMULATE / `qcd serve --simulate`), stopped before the database closes. */
function startSimulation(services: Services): { stop(): Promise<void> } {
  const abort = new AbortController();
  services.logger.info({ interval_s: services.env.QCD_SIMULATE_INTERVAL_S }, 'price simulator running');
  const running = runSimulation({
    db: services.db,
    clock: services.clock,
    intervalMs: services.env.QCD_SIMULATE_INTERVAL_S * 1000,
    changesPerTick: 20,
    signal: abort.signal,
    onBatchCommitted: services.onCatalogCommitted,
  }).then(
    () => {},
    (error: unknown) => services.logger.error({ err: error }, 'price simulator stopped'),
  );
  return {
    stop() {
      abort.abort();
      return running;
    },
  };
}

/** Installs signal handlers so Ctrl-C or a SIGTERM drains requests and closes the database cleanly. */
export function handleShutdownSignals(server: RunningServer): void {
  const shutdown = (signal: string) => {
    server.services.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.services.logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

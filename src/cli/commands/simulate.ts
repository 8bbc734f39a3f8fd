import type { Command } from 'commander';
import { createServices } from '../../app/services.ts';
import { parseEnv } from '../../config/env.ts';
import { runSimulation } from '../../realtime/simulator-runner.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import { createLogger } from '../../shared/logger.ts';
import { createProgress } from '../progress.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** "5s", "500ms", "1m" or plain seconds. */
export function parseInterval(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms >= 10)) {
    throw new AppError(
      ErrorCode.BadRequest,
      `--interval must be a duration of at least 10ms, got "${value}"`,
      {
        hint: 'Use e.g. --interval 5s, --interval 500ms or --interval 1m.',
      },
    );
  }
  return ms;
}

const count = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(ErrorCode.BadRequest, `--${name} must be a whole number ≥ 1, got "${value}"`);
  }
  return n;
};

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Simulate live price changes (random walks, flash sales, stock-outs and restocks, delivery-time swings) ' +
        'and import them like any feed; Ctrl-C stops',
    )
    .option('--interval <duration>', 'time between ticks, e.g. 5s, 500ms, 1m', parseInterval, 5000)
    .option('--changes <n>', 'random changes per tick', count('changes'), 20)
    .option('--ticks <n>', 'stop after this many ticks (default: run until Ctrl-C)', count('ticks'))
    .option('--seed <n>', 'random seed, for a reproducible run', count('seed'))
    .action(async (opts: { interval: number; changes: number; ticks?: number; seed?: number }) => {
      const services = await createServices(parseEnv(), { logger: createLogger('warn', 'stderr') });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const progress = createProgress('simulate', opts.ticks);
      let changes = 0;
      try {
        const summary = await runSimulation({
          db: services.db,
          clock: services.clock,
          intervalMs: opts.interval,
          changesPerTick: opts.changes,
          ticks: opts.ticks,
          seed: opts.seed,
          signal: stop.signal,
          onBatchCommitted: services.onCatalogCommitted,
          onTick: (t) => {
            changes += Object.values(t.changes).reduce((a, b) => a + b, 0);
            progress.update(t.tick, `ticks, ${changes.toLocaleString('en-IN')} changes`);
          },
        });
        const c = summary.changes;
        progress.finish(
          `${summary.ticks} ticks, ${summary.records} listing records: ${c.walk} price moves, ${c.flash_sale} flash sales started or ended, ${c.stock} stock changes, ${c.eta} delivery-time changes`,
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await services.close();
      }
    });
}

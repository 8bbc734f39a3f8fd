import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { createServices } from '../../app/services.ts';
import { estimateDemoRecords } from '../../catalog/demo/generate.ts';
import { readFeed } from '../../catalog/feed/read-feed.ts';
import { DEFAULT_BATCH_SIZE, type ImportSummary, importFeed } from '../../catalog/import/import-feed.ts';
import { loadDemoData } from '../../catalog/seed.ts';
import { parseEnv } from '../../config/env.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import { createLogger } from '../../shared/logger.ts';
import { createProgress } from '../progress.ts';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(ErrorCode.BadRequest, `--${name} must be a whole number ≥ 1, got "${value}"`);
  }
  return n;
};

async function cliServices() {
  const env = parseEnv();
  return createServices(env, { logger: createLogger('warn', 'stderr'), answersQuestions: false });
}

function printSummary(summary: ImportSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const out = process.stdout;
  out.write(
    `${summary.status === 'completed' ? 'Imported' : 'Rejected'}: ${summary.accepted.toLocaleString('en-IN')} line(s) accepted, ${summary.rejected.toLocaleString('en-IN')} rejected` +
      ` (${summary.byType.listing} listings, ${summary.byType.fees} fees, ${summary.byType.coupon} coupons, ${summary.byType.platform} platforms);` +
      ` ${summary.productsCreated} new products, ${summary.listingsCreated} new listings, ${summary.pricePointsAdded} price points in ${(summary.durationMs / 1000).toFixed(1)}s\n`,
  );
  for (const r of summary.rejections) out.write(`  line ${r.line}: ${r.reason}\n`);
  if (summary.rejected > summary.rejections.length) {
    out.write(`  … and ${summary.rejected - summary.rejections.length} more rejected line(s)\n`);
  }
  if (summary.status === 'rejected')
    out.write('Strict mode: nothing was imported. Fix the line above and import again.\n');
}

export function registerCatalogCommands(program: Command): void {
  program
    .command('import')
    .description('Import a price feed (.jsonl or .jsonl.gz, see shared/spec/price-feed.md)')
    .argument('<file>', 'feed file')
    .option('--strict', 'reject the whole file on the first bad line and import nothing')
    .option('--batch-size <n>', 'lines per transaction', positiveInt('batch-size'), DEFAULT_BATCH_SIZE)
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { strict?: boolean; batchSize: number; json?: boolean }) => {
      const size = await stat(file).then(
        (s) => s.size,
        () => {
          throw new AppError(ErrorCode.BadRequest, `Cannot read feed file ${file}`, {
            hint: 'Check the path; the file must be .jsonl or .jsonl.gz.',
          });
        },
      );
      const services = await cliServices();
      const progress = createProgress('import', size);
      try {
        const summary = await importFeed(
          services.db,
          readFeed(file, { onProgress: (bytes) => progress.update(bytes) }),
          {
            strict: opts.strict ?? false,
            batchSize: opts.batchSize,
            source: file,
            onBatchCommitted: services.onCatalogCommitted,
          },
        );
        progress.finish();
        printSummary(summary, opts.json ?? false);
        if (summary.status === 'rejected' || summary.rejected > 0) process.exitCode = 1;
      } finally {
        await services.close();
      }
    });

  program
    .command('demo')
    .description('Generate a realistic demo catalog (deterministic per seed) and import it')
    .option('--products <n>', 'number of products', positiveInt('products'), 300)
    .option('--days <n>', 'days of daily price history', positiveInt('days'), 30)
    .option('--seed <n>', 'random seed', positiveInt('seed'), 42)
    .option(
      '--platforms <n>',
      'number of platforms (4 real ones, more are added)',
      positiveInt('platforms'),
      4,
    )
    .option('--json', 'print the summary as JSON')
    .action(
      async (opts: { products: number; days: number; seed: number; platforms: number; json?: boolean }) => {
        const services = await cliServices();
        const options = { ...opts, now: services.clock.now() };
        const progress = createProgress('demo', estimateDemoRecords(options));
        try {
          const result = await loadDemoData(services, options, {
            onProgress: ({ lines }) => progress.update(lines),
            onBatchCommitted: services.onCatalogCommitted,
          });
          progress.finish();
          printSummary(result.import, opts.json ?? false);
          if (!opts.json) {
            const total = Object.values(result.activity).reduce((a, b) => a + b, 0);
            process.stdout.write(`Seeded ${total.toLocaleString('en-IN')} user and analytics rows.\n`);
          }
        } finally {
          await services.close();
        }
      },
    );
}

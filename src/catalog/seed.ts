import type { Services } from '../app/services.ts';
import { generateDemoFeed } from './demo/generate.ts';
import type { FeedRecord } from './feed/records.ts';
import {
  type ImportOptions,
  type ImportSummary,
  importFeed,
  type NumberedLine,
} from './import/import-feed.ts';
import { seedActivity } from './seed-activity.ts';

export interface DemoOptions {
  products: number;
  days: number;
  seed: number;
  now: Date;
  platforms?: number;
}

/** The catalog a first `npm start` loads: big enough to explore, small enough to load in seconds. */
export const FIRST_START_DEMO = { products: 300, days: 30, seed: 42 } as const;

export function* numberRecords(records: Iterable<FeedRecord>): Generator<NumberedLine> {
  let line = 0;
  for (const record of records) {
    line += 1;
    yield { line, record };
  }
}

/** Generates a demo catalog through the one importer, then fills the user and analytics tables. */
export async function loadDemoData(
  services: Pick<Services, 'db'>,
  options: DemoOptions,
  importOptions: ImportOptions = {},
): Promise<{ import: ImportSummary; activity: Record<string, number> }> {
  const summary = await importFeed(services.db, numberRecords(generateDemoFeed(options)), {
    source: `demo:seed=${options.seed},products=${options.products},days=${options.days}`,
    ...importOptions,
  });
  const activity = await seedActivity(services.db, { seed: options.seed, now: options.now });
  return { import: summary, activity };
}

/** Loads demo data only into an empty catalog, so restarts keep what is there. */
export async function seedDemoIfEmpty(services: Pick<Services, 'db' | 'clock' | 'onCatalogCommitted'>) {
  const { rows } = await services.db.query<{ present: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM products) AS present',
  );
  if (rows[0]?.present) return null;
  const result = await loadDemoData(
    services,
    { ...FIRST_START_DEMO, now: services.clock.now() },
    { onBatchCommitted: services.onCatalogCommitted },
  );
  return { products: result.import.productsCreated, lines: result.import.accepted };
}

import type { Database, Queryable } from '../../db/database.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import type { FeedRecord } from '../feed/records.ts';
import type { ImportProfile } from './import-profile.ts';
import { ReferenceData } from './reference-data.ts';
import { type BatchEffects, emptyEffects, mergeEffects, writeBatch } from './write-batch.ts';

/** One numbered input line: a validated record or the reason it was rejected (see feed/read-feed.ts). */
export type NumberedLine = { line: number; record: FeedRecord } | { line: number; error: string };

export interface ImportOptions {
  strict?: boolean;
  batchSize?: number;
  source?: string;
  onProgress?: (progress: { lines: number; accepted: number; rejected: number }) => void;
  /** Called after each batch commits, with exactly what changed (cache invalidation, live stream). */
  onBatchCommitted?: (effects: BatchEffects) => void | Promise<void>;
  /** Collects statement and stage timings (the import benchmark's --profile). */
  profile?: ImportProfile;
  /**
   * Ids of platforms, cities, brands, categories and pincodes, kept across imports into the same database by
   * a caller that imports every few seconds (the simulator), so each tick does not look them all up again.
   */
  references?: ReferenceData;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportSummary {
  importId: number;
  status: 'completed' | 'rejected';
  strict: boolean;
  lines: number;
  accepted: number;
  rejected: number;
  /** The first rejected lines (at most MAX_REPORTED_REJECTIONS); `rejected` has the full count. */
  rejections: Rejection[];
  byType: Record<FeedRecord['type'], number>;
  productsCreated: number;
  listingsCreated: number;
  pricePointsAdded: number;
  durationMs: number;
}

export const MAX_REPORTED_REJECTIONS = 100;
/**
 * Lines per lenient transaction. A batch replaces the current state (price, stock, delivery, offers, change
 * events) of every listing it observes once, so a feed with many observations per listing (a history
 * backfill) pays that per batch: 20,000 imported the fixture and a 20-day catalog 18–50 % faster than 5,000.
 */
export const DEFAULT_BATCH_SIZE = 20_000;
const YIELD_EVERY_LINES = 500;

/**
 * Imports numbered feed lines. Lenient mode commits one transaction per batch and keeps going past bad
 * lines; strict mode runs the whole feed in one transaction and imports nothing if any line is bad.
 */
export async function importFeed(
  db: Database,
  lines: AsyncIterable<NumberedLine> | Iterable<NumberedLine>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const strict = options.strict ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO feed_imports (source, strict, status) VALUES ($1, $2, 'running') RETURNING id`,
    [options.source ?? 'feed', strict],
  );
  const importId = rows[0]!.id;
  const refs = options.references ?? new ReferenceData();
  const summary: ImportSummary = {
    importId,
    status: 'completed',
    strict,
    lines: 0,
    accepted: 0,
    rejected: 0,
    rejections: [],
    byType: { platform: 0, fees: 0, coupon: 0, listing: 0 },
    productsCreated: 0,
    listingsCreated: 0,
    pricePointsAdded: 0,
    durationMs: 0,
  };
  const reject = (line: number, reason: string) => {
    summary.rejected += 1;
    if (summary.rejections.length < MAX_REPORTED_REJECTIONS) summary.rejections.push({ line, reason });
    if (strict) throw new StrictRejection();
  };
  /** Strict mode's effects, announced only once its single transaction has committed. */
  const committed: BatchEffects[] = [];

  const profile = options.profile;
  const writeRecords: WriteRecords = profile
    ? async (tx, records) => {
        profile.startBatch();
        const begun = performance.now();
        try {
          return await writeBatch(profile.wrap(tx), refs, records);
        } finally {
          profile.writeMs += performance.now() - begun;
        }
      }
    : (tx, records) => writeBatch(tx, refs, records);

  const write = async (tx: Queryable | null, batch: { line: number; record: FeedRecord }[]) => {
    const begun = performance.now();
    const { effects, accepted } = tx
      ? {
          effects: await writeRecords(
            tx,
            batch.map((b) => b.record),
          ),
          accepted: batch,
        }
      : await commitBatch(db, refs, writeRecords, batch, reject);
    if (profile) profile.transactionMs += performance.now() - begun;
    tally(summary, effects, accepted);
    // Lenient batches are committed here, so caches and streams hear of them now, not when the feed ends.
    if (tx) committed.push(effects);
    else await options.onBatchCommitted?.(effects);
    options.onProgress?.({ lines: summary.lines, accepted: summary.accepted, rejected: summary.rejected });
  };

  const run = async (tx: Queryable | null) => {
    await refs.loadPlatforms(tx ?? db);
    const declared = new Set(refs.platforms.keys());
    let batch: { line: number; record: FeedRecord }[] = [];
    // One batch is written while the next is read and validated, so parsing overlaps the database's work.
    // Batches still commit one at a time and in order; `writing` settles to the error a write threw, if any.
    let writing: Promise<unknown> = Promise.resolve();
    const settle = async () => {
      const waited = performance.now();
      const error = await writing;
      if (profile) profile.waitMs += performance.now() - waited;
      writing = Promise.resolve();
      if (error) throw error;
    };
    const flush = async () => {
      await settle();
      if (batch.length === 0) return;
      writing = write(tx, batch).then(
        () => undefined,
        (error: unknown) => error ?? new Error('batch write failed'),
      );
      batch = [];
    };
    try {
      for await (const item of lines) {
        summary.lines += 1;
        // A synchronous source (the demo generator) never waits, so let the pending write's replies in.
        if (summary.lines % YIELD_EVERY_LINES === 0) await new Promise((resolve) => setImmediate(resolve));
        if ('error' in item) {
          reject(item.line, item.error);
          continue;
        }
        const problem = referenceProblem(item.record, declared);
        if (problem) {
          reject(item.line, problem);
          continue;
        }
        if (item.record.type === 'platform') declared.add(item.record.slug);
        batch.push(item);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
    } finally {
      // Never leave a write running on the transaction (strict) or the pool when reading stops early.
      await writing;
    }
    await settle();
  };

  try {
    if (strict) await db.transaction((tx) => run(tx));
    else await run(null);
  } catch (error) {
    // Ids learned inside a rolled-back transaction do not exist.
    refs.reset();
    if (!(error instanceof StrictRejection)) {
      await finishImport(db, summary, 'failed');
      throw error;
    }
    summary.status = 'rejected';
    summary.accepted = 0;
    summary.byType = { platform: 0, fees: 0, coupon: 0, listing: 0 };
    summary.productsCreated = summary.listingsCreated = summary.pricePointsAdded = 0;
    committed.length = 0;
  }
  // Database refusals of one batch are reported while the next batch is read, so restore line order.
  summary.rejections.sort((x, y) => x.line - y.line);
  summary.durationMs = Math.round(performance.now() - started);
  if (profile) profile.wallMs += performance.now() - started;
  await finishImport(db, summary, summary.status);
  if (options.onBatchCommitted) {
    for (const effects of committed) await options.onBatchCommitted(effects);
  }
  return summary;
}

class StrictRejection extends Error {}

type WriteRecords = (tx: Queryable, records: FeedRecord[]) => Promise<BatchEffects>;

function tally(summary: ImportSummary, effects: BatchEffects, accepted: { record: FeedRecord }[]) {
  summary.accepted += accepted.length;
  for (const { record } of accepted) summary.byType[record.type] += 1;
  summary.productsCreated += effects.productsCreated;
  summary.listingsCreated += effects.listingsCreated;
  summary.pricePointsAdded += effects.pricePointsAdded;
}

function referenceProblem(record: FeedRecord, declared: ReadonlySet<string>): string | null {
  if (record.type === 'platform' || declared.has(record.platform)) return null;
  return `platform: unknown platform '${record.platform}' (declare it with a platform record first)`;
}

/**
 * Commits a lenient batch. If the database refuses it (a constraint the validator did not foresee), the
 * batch is retried one record per transaction so only the offending lines are rejected.
 */
async function commitBatch(
  db: Database,
  refs: ReferenceData,
  writeRecords: WriteRecords,
  batch: { line: number; record: FeedRecord }[],
  reject: (line: number, reason: string) => void,
): Promise<{ effects: BatchEffects; accepted: typeof batch }> {
  try {
    return {
      // Each batch waits for its WAL flush (synchronous_commit stays on). Skipping it saved 1.5–7 ms per
      // batch here (about 1–2 % of a 5,000-line batch), but a crash could then lose batches whose change
      // events had already been announced (onBatchCommitted, the live stream) and reuse their event ids.
      effects: await db.transaction((tx) =>
        writeRecords(
          tx,
          batch.map((b) => b.record),
        ),
      ),
      accepted: batch,
    };
  } catch {
    refs.reset();
    await refs.loadPlatforms(db);
  }
  const effects = emptyEffects();
  const accepted: typeof batch = [];
  for (const item of batch) {
    try {
      mergeEffects(effects, await db.transaction((tx) => writeRecords(tx, [item.record])));
      accepted.push(item);
    } catch (error) {
      refs.reset();
      await refs.loadPlatforms(db);
      reject(item.line, `database rejected the line: ${(error as Error).message.slice(0, 200)}`);
    }
  }
  return { effects, accepted };
}

async function finishImport(db: Queryable, summary: ImportSummary, status: string): Promise<void> {
  try {
    await db.query(
      `UPDATE feed_imports SET status = $2, accepted_lines = $3, rejected_lines = $4, finished_at = now() WHERE id = $1`,
      [summary.importId, status, summary.accepted, summary.rejected],
    );
    if (summary.rejections.length > 0) {
      await db.query(
        `INSERT INTO feed_rejections (import_id, line_number, reason)
         SELECT $1, * FROM unnest($2::int[], $3::text[]) ON CONFLICT DO NOTHING`,
        [summary.importId, summary.rejections.map((r) => r.line), summary.rejections.map((r) => r.reason)],
      );
    }
  } catch (error) {
    throw new AppError(ErrorCode.DatabaseUnavailable, 'The import ran but its record could not be saved.', {
      cause: error,
      hint: 'Check the database connection; the imported data itself was committed batch by batch.',
    });
  }
}

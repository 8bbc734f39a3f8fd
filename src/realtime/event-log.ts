import type { Queryable } from '../db/database.ts';

/** One change as the stream presents it (CONTRACTS.md §1): snake_case, names resolved, times in ISO. */
export interface StreamEvent {
  event_id: number;
  kind: 'price' | 'stock' | 'eta' | 'flash_sale';
  product_id: number;
  product: string;
  platform: string;
  platform_name: string;
  city: string | null;
  old_price: number | null;
  new_price: number | null;
  mrp: number | null;
  old_in_stock: boolean | null;
  new_in_stock: boolean | null;
  old_eta_minutes: number | null;
  new_eta_minutes: number | null;
  changed_at: string;
}

/** Both optional; a client sees only the events matching every filter it gave. */
export interface StreamFilter {
  productId?: number;
  platform?: string;
}

export function matchesFilter(event: StreamEvent, filter: StreamFilter): boolean {
  return (
    (filter.productId === undefined || event.product_id === filter.productId) &&
    (filter.platform === undefined || event.platform === filter.platform)
  );
}

/** Events after `afterId` (and at most `untilId`), oldest first, matching the filter. */
export async function readEvents(
  db: Queryable,
  range: { afterId: number; untilId?: number; limit: number },
  filter: StreamFilter = {},
): Promise<StreamEvent[]> {
  const { rows } = await db.query<Omit<StreamEvent, 'changed_at'> & { changed_at: Date }>(
    `SELECT e.id AS event_id, e.kind, e.product_id, p.name AS product, pl.slug AS platform,
            pl.name AS platform_name, c.name AS city, e.old_price, e.new_price, e.mrp, e.old_in_stock,
            e.new_in_stock, e.old_eta_minutes, e.new_eta_minutes, e.changed_at
       FROM price_events e
       JOIN products p ON p.id = e.product_id
       JOIN platforms pl ON pl.id = e.platform_id
       LEFT JOIN cities c ON c.id = e.city_id
      WHERE e.id > $1 AND ($2::bigint IS NULL OR e.id <= $2)
        AND ($3::bigint IS NULL OR e.product_id = $3) AND ($4::text IS NULL OR pl.slug = $4)
      ORDER BY e.id
      LIMIT $5`,
    [range.afterId, range.untilId ?? null, filter.productId ?? null, filter.platform ?? null, range.limit],
  );
  return rows.map((r) => ({ ...r, changed_at: new Date(r.changed_at).toISOString() }));
}

/** The newest event id, 0 when the log is empty: where a client without Last-Event-ID starts. */
export async function latestEventId(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ id: number | null }>('SELECT max(id) AS id FROM price_events');
  return rows[0]?.id ?? 0;
}

/**
 * Drops events committed more than `retentionMs` ago; returns how many. Keeps the log bounded. The database's
 * own clock is used because committed_at is written by it (the app clock may be fixed for demos).
 */
export async function pruneEvents(db: Queryable, retentionMs: number): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM price_events WHERE committed_at < now() - make_interval(secs => $1::double precision)',
    [retentionMs / 1000],
  );
  return rowCount;
}

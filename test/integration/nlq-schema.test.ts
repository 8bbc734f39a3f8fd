import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.ts';
import { introspectSchema, type SchemaModel } from '../../src/nlq/schema/introspect.ts';
import { describeEachDatabase } from '../support/databases.ts';

// Filled by each dialect's suite; the parity test below compares them once both have run.
const models = new Map<string, SchemaModel>();

function table(model: SchemaModel, name: string) {
  const found = model.tables.find((t) => t.name === name);
  if (!found) throw new Error(`table ${name} not introspected`);
  return found;
}

describeEachDatabase('nlq schema introspection', (ctx) => {
  let model: SchemaModel;
  let queries = 0;

  beforeAll(async () => {
    const counting: Queryable = {
      query: (sql, params) => {
        queries++;
        return ctx.db.query(sql, params);
      },
      exec: (sql) => ctx.db.exec(sql),
    };
    model = await introspectSchema(counting);
    models.set(ctx.db.kind, model);
  });

  it('reads the whole schema in a few queries, not one per table', () => {
    expect(queries).toBeLessThanOrEqual(3);
  });

  it('finds at least 50 commented tables, sorted, without the migration bookkeeping', () => {
    const names = model.tables.map((t) => t.name);
    expect(names.length).toBeGreaterThanOrEqual(50);
    expect(names).toEqual([...names].sort());
    expect(names).not.toContain('schema_migrations');
    expect(model.tables.filter((t) => !t.comment).map((t) => t.name)).toEqual([]);
    expect(table(model, 'delivery_estimates').comment).toMatch(/delivery time estimate/i);
  });

  it('reads columns in table order with type, nullability and comment', () => {
    const prices = table(model, 'current_prices');
    expect(prices.columns.slice(0, 4).map((c) => c.name)).toEqual([
      'listing_id',
      'product_id',
      'platform_id',
      'price',
    ]);
    expect(prices.columns.find((c) => c.name === 'price')).toEqual({
      name: 'price',
      dataType: 'numeric(10,2)',
      nullable: false,
      comment: 'Current selling price in rupees (INR).',
    });
    expect(prices.columns.find((c) => c.name === 'member_price')).toMatchObject({ nullable: true });
    expect(prices.columns.find((c) => c.name === 'updated_at')).toMatchObject({
      dataType: 'timestamp with time zone',
      comment: null,
    });
  });

  it('reads primary keys, composite ones in key order', () => {
    expect(table(model, 'current_prices').primaryKey).toEqual(['listing_id']);
    expect(table(model, 'availability_status').primaryKey).toEqual(['listing_id', 'city_id']);
    expect(table(model, 'platform_performance').primaryKey).toEqual(['platform_id', 'city_id', 'day']);
  });

  it('reads foreign keys as column → table.column, and only declared ones', () => {
    expect(table(model, 'platform_listings').foreignKeys).toContainEqual({
      name: 'platform_listings_product_id_fkey',
      columns: ['product_id'],
      refTable: 'products',
      refColumns: ['id'],
    });
    expect(table(model, 'product_categories').foreignKeys).toEqual([
      expect.objectContaining({ columns: ['parent_id'], refTable: 'product_categories' }),
    ]);
    // price_history.product_id is a denormalised copy without a constraint.
    expect(table(model, 'price_history').foreignKeys.map((fk) => fk.columns)).toEqual([['listing_id']]);
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('nlq schema introspection across dialects', () => {
  it('gives PGlite and PostgreSQL the identical model', ({ skip }) => {
    const pglite = models.get('pglite');
    const postgres = models.get('postgres');
    if (!pglite || !postgres) skip('PostgreSQL suite did not run');
    const summary = (m: SchemaModel) => ({
      tables: m.tables.map((t) => t.name),
      foreignKeys: m.tables.flatMap((t) =>
        t.foreignKeys.map((fk) => `${t.name}.${fk.columns} -> ${fk.refTable}.${fk.refColumns}`),
      ),
    });
    expect(summary(postgres!)).toEqual(summary(pglite!));
    expect(postgres).toEqual(pglite);
  });
});

import { describe, expect, it } from 'vitest';
import type { SchemaModel, TableModel } from '../../../src/nlq/schema/introspect.ts';
import { buildJoinGraph, findJoinPath, type JoinStep } from '../../../src/nlq/schema/join-graph.ts';

/** A table for a synthetic model: `fks` maps a column to "table.column"; composite FKs go in `composite`. */
function table(
  name: string,
  spec: {
    pk?: string[];
    fks?: Record<string, string>;
    composite?: { columns: string[]; refTable: string; refColumns: string[] };
    comment?: string;
  } = {},
): TableModel {
  const primaryKey = spec.pk ?? ['id'];
  const foreignKeys = Object.entries(spec.fks ?? {}).map(([column, target]) => {
    const [refTable, refColumn] = target.split('.') as [string, string];
    return { name: `${name}_${column}_fkey`, columns: [column], refTable, refColumns: [refColumn] };
  });
  if (spec.composite) foreignKeys.push({ name: `${name}_composite_fkey`, ...spec.composite });
  const columnNames = new Set([...primaryKey, ...foreignKeys.flatMap((fk) => fk.columns)]);
  return {
    name,
    comment: spec.comment ?? null,
    columns: [...columnNames].map((c) => ({ name: c, dataType: 'bigint', nullable: false, comment: null })),
    primaryKey,
    foreignKeys,
  };
}

function model(...tables: TableModel[]): SchemaModel {
  return { tables };
}

const tablesOf = (steps: JoinStep[]) => steps.map((s) => s.table);

describe('buildJoinGraph', () => {
  it('links both directions of a single-column FK, carrying the column pair', () => {
    const graph = buildJoinGraph(
      model(table('products'), table('listings', { fks: { product_id: 'products.id' } })),
    );
    expect(graph.edges.get('listings')).toEqual([
      { table: 'listings', column: 'product_id', other: 'products', otherColumn: 'id', identifying: false },
    ]);
    expect(graph.edges.get('products')).toEqual([
      { table: 'products', column: 'id', other: 'listings', otherColumn: 'product_id', identifying: false },
    ]);
    expect(graph.entities).toEqual(new Set(['products']));
  });

  it('leaves out self-references and composite FKs', () => {
    const graph = buildJoinGraph(
      model(
        table('categories', { fks: { parent_id: 'categories.id' } }),
        table('lots', { pk: ['id', 'batch'] }),
        table('moves', {
          composite: { columns: ['lot_id', 'batch'], refTable: 'lots', refColumns: ['id', 'batch'] },
        }),
      ),
    );
    expect(graph.edges.get('categories')).toEqual([]);
    expect(graph.edges.get('moves')).toEqual([]);
    expect(() => findJoinPath(graph, 'moves', ['lots'])).toThrow(/No foreign-key path/);
  });

  it('keeps one edge per pair of tables: the identifying FK, else the first by column', () => {
    const graph = buildJoinGraph(
      model(
        table('cities'),
        table('trips', { fks: { to_city_id: 'cities.id', from_city_id: 'cities.id' } }),
        table('city_stats', { pk: ['city_id'], fks: { other_city_id: 'cities.id', city_id: 'cities.id' } }),
      ),
    );
    expect(graph.edges.get('trips')?.map((e) => e.column)).toEqual(['from_city_id']);
    expect(graph.edges.get('city_stats')?.map((e) => [e.column, e.identifying])).toEqual([['city_id', true]]);
  });

  it('levels tables by how specific they are, also across a reference cycle', () => {
    const graph = buildJoinGraph(
      model(
        table('platforms'),
        table('listings', { fks: { platform_id: 'platforms.id' } }),
        table('prices', { fks: { listing_id: 'listings.id' } }),
        table('eggs', { fks: { hen_id: 'hens.id' } }),
        table('hens', { fks: { egg_id: 'eggs.id' } }),
      ),
    );
    expect(Object.fromEntries(graph.level)).toEqual({
      platforms: 0,
      listings: 1,
      prices: 2,
      eggs: 1,
      hens: 0,
    });
  });

  it("marks users' tables (also indirectly) and internal tables as peripheral", () => {
    const graph = buildJoinGraph(
      model(
        table('users'),
        table('lists', { fks: { user_id: 'users.id' } }),
        table('list_items', { fks: { list_id: 'lists.id' } }),
        table('logs', { comment: 'Internal: request log.' }),
        table('products'),
      ),
    );
    expect([...graph.peripheral].sort()).toEqual(['list_items', 'lists', 'logs', 'users']);
  });
});

describe('findJoinPath', () => {
  const catalog = () =>
    model(
      table('products'),
      table('platforms'),
      table('cities'),
      table('users'),
      table('listings', { fks: { product_id: 'products.id', platform_id: 'platforms.id' } }),
      // A fact about product × platform: a valid but poor bridge from products to platforms.
      table('elasticity', {
        pk: ['product_id', 'platform_id'],
        fks: { product_id: 'products.id', platform_id: 'platforms.id' },
      }),
      table('prices', {
        pk: ['listing_id'],
        fks: { listing_id: 'listings.id', product_id: 'products.id', platform_id: 'platforms.id' },
      }),
      table('stock', {
        pk: ['listing_id', 'city_id'],
        fks: { listing_id: 'listings.id', platform_id: 'platforms.id', city_id: 'cities.id' },
      }),
      // As good a bridge from products to cities as availability on every count but one: it is a user's.
      table('alerts', {
        pk: ['user_id', 'product_id', 'city_id'],
        fks: { user_id: 'users.id', product_id: 'products.id', city_id: 'cities.id' },
      }),
      table('competitors', { fks: { product_id: 'products.id', city_id: 'cities.id' } }),
      table('availability', {
        pk: ['product_id', 'city_id'],
        fks: { product_id: 'products.id', city_id: 'cities.id' },
      }),
    );

  it('returns steps that join each new table to one already joined', () => {
    const steps = findJoinPath(buildJoinGraph(catalog()), 'prices', ['products', 'cities']);
    const joined = new Set(['prices']);
    for (const step of steps) {
      expect(joined.has(step.on.leftTable)).toBe(true);
      expect(step.on.rightTable).toBe(step.table);
      joined.add(step.table);
    }
    expect(joined).toContain('products');
    expect(joined).toContain('cities');
  });

  it('bridges through an entity rather than a fact', () => {
    expect(findJoinPath(buildJoinGraph(catalog()), 'products', ['platforms'])).toEqual([
      {
        table: 'listings',
        on: { leftTable: 'products', leftColumn: 'id', rightTable: 'listings', rightColumn: 'product_id' },
      },
      {
        table: 'platforms',
        on: { leftTable: 'listings', leftColumn: 'platform_id', rightTable: 'platforms', rightColumn: 'id' },
      },
    ]);
  });

  it("avoids users' tables when an equally short path exists, and uses them when none does", () => {
    const graph = buildJoinGraph(catalog());
    // alerts sorts first and is as short, but belongs to users.
    expect(tablesOf(findJoinPath(graph, 'products', ['cities']))).not.toContain('alerts');
    expect(tablesOf(findJoinPath(graph, 'products', ['users']))).toEqual(['alerts', 'users']);
  });

  it("prefers identifying joins, which keep one row's identity, over attribute joins that fan out", () => {
    const graph = buildJoinGraph(
      model(
        table('groups'),
        table('keyed'),
        // More specific than keyed, so only the identifying rule makes the path go through keyed.
        table('loose', { fks: { group_id: 'groups.id' } }),
        table('a', { pk: ['keyed_id'], fks: { keyed_id: 'keyed.id', loose_id: 'loose.id' } }),
        table('b', { pk: ['keyed_id'], fks: { keyed_id: 'keyed.id', loose_id: 'loose.id' } }),
      ),
    );
    expect(tablesOf(findJoinPath(graph, 'a', ['b']))).toEqual(['keyed', 'b']);
  });

  it('bridges through the more specific of two otherwise equal entities', () => {
    const graph = buildJoinGraph(
      model(
        table('broad'),
        table('narrow', { fks: { broad_id: 'broad.id' } }),
        table('a_fact', { fks: { broad_id: 'broad.id', narrow_id: 'narrow.id' } }),
        table('b_fact', { fks: { broad_id: 'broad.id', narrow_id: 'narrow.id' } }),
      ),
    );
    expect(graph.level.get('broad')).toBe(0);
    expect(graph.level.get('b_fact')).toBe(2);
    expect(tablesOf(findJoinPath(graph, 'a_fact', ['b_fact']))).toEqual(['narrow', 'b_fact']);
  });

  it('reuses tables joined for nearer targets instead of adding bridges', () => {
    const steps = findJoinPath(buildJoinGraph(catalog()), 'products', ['cities', 'competitors']);
    expect(steps.map((s) => `${s.on.leftTable}->${s.table}`)).toEqual([
      'products->competitors',
      'competitors->cities',
    ]);
  });

  it('reuses a joined target even where a fresh bridge would join on keys', () => {
    const graph = buildJoinGraph(
      model(
        table('hub'),
        table('final'),
        table('a_bridge', { pk: ['hub_id', 'final_id'], fks: { hub_id: 'hub.id', final_id: 'final.id' } }),
        table('notes', { fks: { bridge_hub_id: 'a_bridge.hub_id' } }),
        table('z_target', { fks: { hub_id: 'hub.id', final_id: 'final.id' } }),
      ),
    );
    expect(tablesOf(findJoinPath(graph, 'hub', ['z_target', 'final']))).toEqual(['z_target', 'final']);
  });

  it('keeps every target at its shortest distance from the root', () => {
    // stock is 2 joins away through listings; going through cities (already joined) would take 3.
    const steps = findJoinPath(buildJoinGraph(catalog()), 'products', ['cities', 'availability', 'stock']);
    expect(steps.map((s) => `${s.on.leftTable}->${s.table}`)).toEqual([
      'products->availability',
      'products->listings',
      'availability->cities',
      'listings->stock',
    ]);
  });

  it('ignores duplicate targets and the root itself', () => {
    const graph = buildJoinGraph(catalog());
    expect(findJoinPath(graph, 'products', [])).toEqual([]);
    expect(findJoinPath(graph, 'products', ['products'])).toEqual([]);
    expect(findJoinPath(graph, 'products', ['platforms', 'platforms', 'products'])).toEqual(
      findJoinPath(graph, 'products', ['platforms']),
    );
  });

  it('does not depend on the order of tables, FKs or targets', () => {
    const forward = catalog();
    const backward = model(
      ...[...forward.tables].reverse().map((t) => ({ ...t, foreignKeys: [...t.foreignKeys].reverse() })),
    );
    const targets = ['cities', 'platforms', 'stock', 'prices'];
    expect(findJoinPath(buildJoinGraph(backward), 'products', [...targets].reverse())).toEqual(
      findJoinPath(buildJoinGraph(forward), 'products', targets),
    );
  });

  it('rejects unknown tables and targets no FK path reaches', () => {
    const graph = buildJoinGraph(model(table('products'), table('island')));
    expect(() => findJoinPath(graph, 'nowhere', [])).toThrow(/Unknown table "nowhere"/);
    expect(() => findJoinPath(graph, 'products', ['nowhere'])).toThrow(/Unknown table "nowhere"/);
    expect(() => findJoinPath(graph, 'products', ['island'])).toThrow(/No foreign-key path joins "island"/);
  });
});

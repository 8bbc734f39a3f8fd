import type { SchemaModel } from './introspect.ts';

/**
 * Join planning over declared foreign keys. Only declared FKs are edges: several tables carry denormalised
 * product_id / platform_id columns without a constraint (price_history.product_id, price_history.platform_id,
 * availability_status.pincode), and an undeclared column promises nothing about matching rows, so those
 * tables are reached through the keys they do declare (price_history → platform_listings → products).
 */
export interface JoinEdge {
  /** The table this edge is listed under, and its column. */
  table: string;
  column: string;
  /** The neighbour and its column. */
  other: string;
  otherColumn: string;
  /**
   * The referencing column is part of its table's primary key (current_prices.listing_id): the row is
   * *about* the referenced row, so joining along it keeps one thing's identity (same listing, same city),
   * where an attribute FK (current_prices.platform_id) fans out to everything sharing that attribute.
   */
  identifying: boolean;
}

export interface JoinGraph {
  /** Neighbours of every table (also those without any FK), one edge per neighbour, sorted by neighbour name. */
  readonly edges: ReadonlyMap<string, readonly JoinEdge[]>;
  /** Users' and internal tables: a join path goes through them only when no equally short path avoids them. */
  readonly peripheral: ReadonlySet<string>;
  /**
   * Tables some FK points at: things (products, platform_listings, cities) rather than facts about things
   * (current_prices, price_elasticity). A path bridging two tables goes through a thing when it can: facts
   * as bridges drop rows that lack the fact and fan out over the ones that have it.
   */
  readonly entities: ReadonlySet<string>;
  /**
   * 0 for a table referencing no other, else 1 + the highest level among those it references: how specific
   * a table is (platforms 0, products 1, platform_listings 2, availability_status 3).
   */
  readonly level: ReadonlyMap<string, number>;
}

export interface JoinStep {
  /** The table this step joins. */
  table: string;
  /** findJoinPath joins each table once and leaves this unset; a caller joining a table twice names it here. */
  alias?: string;
  /** `leftTable` is the root or a table joined by an earlier step; `rightTable` is `table`. */
  on: { leftTable: string; leftColumn: string; rightTable: string; rightColumn: string };
}

// Schema conventions (0002_users.sql, COMMENTs of 0006): personal data hangs off `users` (directly or through
// another personal table, as shopping_list_items does), and service-internal tables' comments begin so.
const USERS_TABLE = 'users';
const INTERNAL_COMMENT = /^internal:/i;

function peripheralTables(model: SchemaModel): Set<string> {
  const peripheral = new Set(
    model.tables
      .filter((t) => t.name === USERS_TABLE || INTERNAL_COMMENT.test(t.comment ?? ''))
      .map((t) => t.name),
  );
  const personal = new Set([USERS_TABLE]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const table of model.tables) {
      if (personal.has(table.name) || !table.foreignKeys.some((fk) => personal.has(fk.refTable))) continue;
      personal.add(table.name);
      peripheral.add(table.name);
      grew = true;
    }
  }
  return peripheral;
}

/**
 * Undirected FK graph. Self-references (product_categories.parent_id) are left out because joining a table
 * to itself never connects two different tables; composite FKs are left out because a step carries one
 * column pair and joining on part of a composite key would multiply rows. When two FKs link the same pair of
 * tables, an identifying one wins, then the one whose columns sort first, so plans never depend on catalog
 * order.
 */
export function buildJoinGraph(model: SchemaModel): JoinGraph {
  const edges = new Map<string, Map<string, JoinEdge>>(model.tables.map((t) => [t.name, new Map()]));
  const preference = (e: JoinEdge) => `${e.identifying ? 0 : 1} ${e.column} ${e.otherColumn}`;
  const link = (edge: JoinEdge) => {
    const neighbours = edges.get(edge.table)!;
    const existing = neighbours.get(edge.other);
    if (!existing || preference(edge) < preference(existing)) neighbours.set(edge.other, edge);
  };
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      const [column] = fk.columns;
      const [otherColumn] = fk.refColumns;
      if (fk.columns.length !== 1 || !column || !otherColumn) continue;
      if (fk.refTable === table.name || !edges.has(fk.refTable)) continue;
      const identifying = table.primaryKey.includes(column);
      link({ table: table.name, column, other: fk.refTable, otherColumn, identifying });
      link({ table: fk.refTable, column: otherColumn, other: table.name, otherColumn: column, identifying });
    }
  }
  const entities = new Set(
    model.tables.flatMap((t) => t.foreignKeys.map((fk) => fk.refTable).filter((ref) => ref !== t.name)),
  );
  const sorted = new Map<string, JoinEdge[]>();
  for (const [table, neighbours] of edges) {
    sorted.set(
      table,
      [...neighbours.values()].sort((a, b) => (a.other < b.other ? -1 : 1)),
    );
  }
  return { edges: sorted, peripheral: peripheralTables(model), entities, level: levels(model) };
}

function levels(model: SchemaModel): Map<string, number> {
  const references = new Map(
    model.tables.map((t) => [t.name, t.foreignKeys.map((fk) => fk.refTable).filter((r) => r !== t.name)]),
  );
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (table: string): number => {
    const known = level.get(table);
    if (known !== undefined) return known;
    // A reference cycle (A → B → A) is cut where it closes, so every table still gets a level; tables are
    // visited in name order so where it is cut does not depend on catalog order.
    if (visiting.has(table) || !references.has(table)) return -1;
    visiting.add(table);
    const value = 1 + Math.max(-1, ...references.get(table)!.map(visit));
    visiting.delete(table);
    level.set(table, value);
    return value;
  };
  for (const table of [...references.keys()].sort()) visit(table);
  return level;
}

/**
 * Path cost, compared lexicographically: peripheral tables added, tables added, facts used as bridges,
 * non-identifying joins.
 */
type Cost = readonly [peripheral: number, added: number, factBridges: number, loose: number];

function compareCost(a: Cost, b: Cost): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

function reversed(edge: JoinEdge): JoinEdge {
  return {
    table: edge.other,
    column: edge.otherColumn,
    other: edge.table,
    otherColumn: edge.column,
    identifying: edge.identifying,
  };
}

/**
 * The joins connecting `from` to every table of `to`, in an order that can be emitted as consecutive JOINs.
 *
 * Every target is joined along a shortest FK path from the root, so each stays as close to the root entity
 * as the schema allows; the paths are merged into one tree (targets nearer the root first, so farther ones
 * can reuse their joins). Among equally short paths the one adding the fewest users'/internal tables wins,
 * then the one adding the fewest tables, then the one bridging through the fewest facts (products →
 * platform_listings → platforms, not → price_elasticity → platforms), then the one with the fewest
 * non-identifying joins (current_prices → platform_listings → availability_status keeps the listing, where
 * → platforms → availability_status would pair it with every listing of the platform), then the one through
 * the more specific table (see `JoinGraph.level`), then the alphabetically first: the result is
 * deterministic. Throws when a table is unknown or no FK path reaches a target.
 */
export function findJoinPath(graph: JoinGraph, from: string, to: readonly string[]): JoinStep[] {
  for (const table of [from, ...to]) {
    if (!graph.edges.has(table)) throw new Error(`Unknown table "${table}"`);
  }
  const neighbours = (table: string) => graph.edges.get(table)!;
  // Between equally cheap parents: the more specific one (higher level), then the alphabetically first.
  // Bridging through a broad dimension (platforms, cities) pairs a row with every row sharing it, where a
  // more specific table (a listing, a product) keeps the pairing tight.
  const preferredParent = (a: string, b: string) => {
    const levelA = graph.level.get(a)!;
    const levelB = graph.level.get(b)!;
    return levelA !== levelB ? levelA > levelB : a < b;
  };

  const distance = new Map<string, number>([[from, 0]]);
  const layers: string[][] = [[from]];
  for (let d = 0; layers[d]!.length > 0; d++) {
    const next: string[] = [];
    for (const table of layers[d]!) {
      for (const edge of neighbours(table)) {
        if (distance.has(edge.other)) continue;
        distance.set(edge.other, d + 1);
        next.push(edge.other);
      }
    }
    layers.push(next);
  }

  const targetSet = new Set(to);
  const targets = [...targetSet].filter((t) => t !== from);
  for (const target of targets) {
    if (!distance.has(target)) throw new Error(`No foreign-key path joins "${target}" to "${from}"`);
  }
  targets.sort((a, b) => distance.get(a)! - distance.get(b)! || (a < b ? -1 : 1));

  const joined = new Set([from]);
  // Edge from the parent (already joined) to the child, for every joined table but the root.
  const via = new Map<string, JoinEdge>();
  for (const target of targets) {
    if (joined.has(target)) continue;
    // Best way from the joined tree to each table, layer by layer over the shortest-path DAG.
    const cost = new Map<string, Cost>();
    const parent = new Map<string, JoinEdge>();
    for (let d = 0; d <= distance.get(target)!; d++) {
      for (const table of layers[d]!) {
        if (joined.has(table)) {
          cost.set(table, [0, 0, 0, 0]);
          continue;
        }
        let best: { cost: Cost; edge: JoinEdge } | undefined;
        for (const edge of neighbours(table)) {
          const before = cost.get(edge.other);
          if (distance.get(edge.other) !== d - 1 || !before) continue;
          const candidate: Cost = [
            before[0] + (graph.peripheral.has(table) ? 1 : 0),
            before[1] + 1,
            before[2] + (targetSet.has(table) || graph.entities.has(table) ? 0 : 1),
            before[3] + (edge.identifying ? 0 : 1),
          ];
          const order = best ? compareCost(candidate, best.cost) : -1;
          if (order < 0 || (order === 0 && preferredParent(edge.other, best!.edge.other))) {
            best = { cost: candidate, edge };
          }
        }
        // BFS put every table of layer d next to one of layer d - 1, so `best` is always found.
        cost.set(table, best!.cost);
        parent.set(table, reversed(best!.edge));
      }
    }
    for (let table = target; !joined.has(table); ) {
      const edge = parent.get(table)!;
      joined.add(table);
      via.set(table, edge);
      table = edge.table;
    }
  }

  return [...via.values()]
    .sort((a, b) => distance.get(a.other)! - distance.get(b.other)! || (a.other < b.other ? -1 : 1))
    .map((edge) => ({
      table: edge.other,
      on: {
        leftTable: edge.table,
        leftColumn: edge.column,
        rightTable: edge.other,
        rightColumn: edge.otherColumn,
      },
    }));
}

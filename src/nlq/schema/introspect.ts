import type { Queryable } from '../../db/database.ts';

/**
 * What the NL engine knows about the database: tables, columns, keys and their COMMENT text. Plain JSON data
 * (no Maps, no class instances) so it can be cached on disk or in Redis and compared with `toEqual`.
 */
export interface SchemaModel {
  /** Sorted by name. */
  tables: TableModel[];
}

export interface TableModel {
  name: string;
  comment: string | null;
  /** In table order. */
  columns: ColumnModel[];
  /** Key columns in key order; empty when the table has no primary key. */
  primaryKey: string[];
  /** Sorted by constraint name. */
  foreignKeys: ForeignKeyModel[];
}

export interface ColumnModel {
  name: string;
  /** As `format_type` prints it: `numeric(10,2)`, `bigint[]`, `timestamp with time zone`. */
  dataType: string;
  nullable: boolean;
  comment: string | null;
}

/** `columns[i]` references `refColumns[i]` of `refTable`; one entry per constraint, so composite keys stay whole. */
export interface ForeignKeyModel {
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

const SCHEMA = 'public';
// Bookkeeping of the migration runner, not data anyone asks about.
const IGNORED_TABLES = ['schema_migrations'];

interface TableRow {
  table_name: string;
  comment: string | null;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  nullable: boolean;
  comment: string | null;
}

interface ConstraintRow {
  table_name: string;
  name: string;
  kind: 'p' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[];
}

/**
 * Reads the schema with three catalog queries (tables, columns, keys) whatever the table count. pg_catalog is
 * used rather than information_schema because it has comments, keeps composite key order and reads the same
 * on PostgreSQL 15 and PGlite (PostgreSQL 18, which also records NOT NULL as constraints: hence the contype
 * filter). Column names are cast to text because PGlite does not parse `name[]` into arrays.
 */
export async function introspectSchema(db: Queryable): Promise<SchemaModel> {
  const params = [SCHEMA, IGNORED_TABLES];
  const [tables, columns, constraints] = await Promise.all([
    db.query<TableRow>(
      `SELECT c.relname::text AS table_name, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname::text <> ALL ($2::text[])
        ORDER BY c.relname`,
      params,
    ),
    db.query<ColumnRow>(
      `SELECT c.relname::text AS table_name, a.attname::text AS column_name,
              format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS nullable,
              col_description(c.oid, a.attnum) AS comment
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname::text <> ALL ($2::text[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
      params,
    ),
    db.query<ConstraintRow>(
      `SELECT c.relname::text AS table_name, con.conname::text AS name, con.contype::text AS kind,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                     ORDER BY k.ord) AS columns,
              CASE WHEN ref_n.nspname = $1 THEN ref.relname::text END AS ref_table,
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                     ORDER BY k.ord) AS ref_columns
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class ref ON ref.oid = con.confrelid
         LEFT JOIN pg_namespace ref_n ON ref_n.oid = ref.relnamespace
        WHERE n.nspname = $1 AND con.contype IN ('p', 'f') AND c.relname::text <> ALL ($2::text[])
        ORDER BY c.relname, con.conname`,
      params,
    ),
  ]);

  const byName = new Map<string, TableModel>();
  for (const row of tables.rows) {
    byName.set(row.table_name, {
      name: row.table_name,
      comment: row.comment,
      columns: [],
      primaryKey: [],
      foreignKeys: [],
    });
  }
  for (const row of columns.rows) {
    byName.get(row.table_name)?.columns.push({
      name: row.column_name,
      dataType: row.data_type,
      nullable: row.nullable,
      comment: row.comment,
    });
  }
  for (const row of constraints.rows) {
    const table = byName.get(row.table_name);
    if (!table) continue;
    if (row.kind === 'p') {
      table.primaryKey = row.columns;
    } else if (row.ref_table !== null && byName.has(row.ref_table)) {
      // References into other schemas (ref_table null) are left out: nothing in the model could join to them.
      table.foreignKeys.push({
        name: row.name,
        columns: row.columns,
        refTable: row.ref_table,
        refColumns: row.ref_columns,
      });
    }
  }
  return { tables: [...byName.values()] };
}

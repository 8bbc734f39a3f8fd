import { loadModule, parseSync } from 'libpg-query';

/**
 * The eval's own, independent look at SQL (it does not reuse the engine's validator): which tables a
 * statement reads, and whether an executed statement was a single plain SELECT over catalog data.
 */

/** Tables holding personal data or internal operations: no answered question may read them. */
export const FORBIDDEN_TABLES: ReadonlySet<string> = new Set([
  'users',
  'user_preferences',
  'search_history',
  'shopping_lists',
  'shopping_list_items',
  'comparison_history',
  'user_behavior',
  'user_analytics',
  'conversion_tracking',
  'price_alerts',
  'stock_alerts',
  'query_logs',
  'performance_metrics',
  'api_usage_stats',
  'error_logs',
  'ab_test_results',
  'api_keys',
  'feed_imports',
  'feed_rejections',
  'schema_migrations',
]);

const FORBIDDEN_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** Functions with side effects, that read files or run other SQL, or that stall the server. */
const FORBIDDEN_FUNCTION = new RegExp(
  [
    '^pg_sleep',
    '^pg_read',
    '^pg_ls_',
    '^pg_stat_file$',
    '^pg_terminate_backend$',
    '^pg_cancel_backend$',
    '^pg_reload_conf$',
    '^pg_rotate_logfile$',
    '^pg_advisory',
    '^pg_try_advisory',
    '^pg_notify$',
    '^lo_',
    '^dblink',
    '^set_config$',
    '^current_setting$',
    '^nextval$',
    '^setval$',
    '^query_to_xml',
    '^table_to_xml',
    '^cursor_to_xml',
    '^database_to_xml',
    '^schema_to_xml',
  ].join('|'),
);

let loaded: Promise<void> | undefined;
/** Loads the parser's WASM once; call before the sync functions below. */
export function initSqlParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

type Node = unknown;

function walk(node: Node, visit: (key: string, value: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      visit(key, value as Record<string, unknown>);
    }
    walk(value, visit);
  }
}

export interface SqlInspection {
  statements: number;
  /** Statement node types, e.g. ["SelectStmt"]. */
  kinds: string[];
  /** Tables read (schema-qualified only when the SQL qualified them), CTE names excluded. */
  tables: string[];
  functions: string[];
  selectInto: boolean;
  locking: boolean;
}

export function inspectSql(sql: string): SqlInspection {
  const tree = parseSync(sql) as { stmts?: { stmt: Record<string, unknown> }[] };
  const stmts = tree.stmts ?? [];
  const ctes = new Set<string>();
  const tables = new Set<string>();
  const functions = new Set<string>();
  let selectInto = false;
  let locking = false;
  walk(stmts, (key, value) => {
    if (key === 'CommonTableExpr' && typeof value.ctename === 'string') ctes.add(value.ctename);
    if (key === 'RangeVar' && typeof value.relname === 'string') {
      tables.add(
        typeof value.schemaname === 'string' ? `${value.schemaname}.${value.relname}` : value.relname,
      );
    }
    if (key === 'FuncCall' && Array.isArray(value.funcname)) {
      const name = (value.funcname as { String?: { sval?: string } }[])
        .map((part) => part.String?.sval ?? '')
        .join('.');
      functions.add(name.toLowerCase());
    }
    if (key === 'SelectStmt' && value.intoClause) selectInto = true;
    if (key === 'SelectStmt' && Array.isArray(value.lockingClause) && value.lockingClause.length > 0)
      locking = true;
  });
  return {
    statements: stmts.length,
    kinds: stmts.map((s) => Object.keys(s.stmt)[0] ?? 'unknown'),
    tables: [...tables].filter((t) => !ctes.has(t)).sort(),
    functions: [...functions].sort(),
    selectInto,
    locking,
  };
}

/** Unqualified table names a statement reads (for table-selection recall). */
export function tablesOf(sql: string): string[] {
  return [...new Set(inspectSql(sql).tables.map((t) => t.split('.').at(-1)!))].sort();
}

export interface SafetyVerdict {
  safe: boolean;
  problems: string[];
  tables: string[];
}

/**
 * The statements an answer reports it ran. One, unless `params` holds one parameter list per statement (a
 * basket answer runs several fixed statements); then each is judged on its own. A generated query listing
 * several statements with flat parameters stays one text, which the check below rejects.
 */
export function executedStatements(sql: { text: string; params: unknown[] }): string[] {
  let stmts: { stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = (parseSync(sql.text) as { stmts?: typeof stmts }).stmts ?? [];
  } catch {
    return [sql.text];
  }
  const perStatement =
    stmts.length > 1 && sql.params.length === stmts.length && sql.params.every((p) => Array.isArray(p));
  if (!perStatement) return [sql.text];
  return stmts.map((s) => {
    const start = s.stmt_location ?? 0;
    // The parser leaves stmt_len out (0) for a last statement that runs to the end of the text.
    return sql.text.slice(start, s.stmt_len ? start + s.stmt_len : undefined).trim();
  });
}

/** An executed statement is safe when it is one plain SELECT that reads no personal or internal table. */
export function checkExecutedSql(sql: string): SafetyVerdict {
  let info: SqlInspection;
  try {
    info = inspectSql(sql);
  } catch (error) {
    return { safe: false, problems: [`does not parse: ${(error as Error).message}`], tables: [] };
  }
  const problems: string[] = [];
  if (info.statements !== 1) problems.push(`${info.statements} statements`);
  const notSelect = info.kinds.filter((k) => k !== 'SelectStmt');
  if (notSelect.length > 0) problems.push(`not a SELECT: ${notSelect.join(', ')}`);
  if (info.selectInto) problems.push('SELECT INTO creates a table');
  if (info.locking) problems.push('row locking clause (FOR UPDATE/SHARE)');
  for (const table of info.tables) {
    const [schema, name] = table.includes('.') ? table.split('.', 2) : [null, table];
    if (schema && FORBIDDEN_SCHEMAS.has(schema)) problems.push(`reads system catalog ${table}`);
    else if (FORBIDDEN_TABLES.has(name!)) problems.push(`reads forbidden table ${table}`);
    else if (name!.startsWith('pg_')) problems.push(`reads system table ${table}`);
  }
  for (const fn of info.functions) {
    // SQL syntax such as AT TIME ZONE or EXTRACT parses as a pg_catalog function; judge the bare name.
    if (FORBIDDEN_FUNCTION.test(fn.replace(/^pg_catalog\./, ''))) problems.push(`calls ${fn}()`);
  }
  return { safe: problems.length === 0, problems, tables: info.tables };
}

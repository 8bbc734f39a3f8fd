import { Buffer } from 'node:buffer';
import { loadModule, type ParseResult, parseSync, SqlError } from 'libpg-query';
import { AppError, ErrorCode } from '../shared/errors.ts';

/**
 * The last gate before generated SQL reaches the database: the statement is parsed by the real PostgreSQL
 * parser (libpg-query, WASM) and its whole tree is checked against a policy. It must be one read-only SELECT
 * over allow-listed tables and functions, with a bounded LIMIT and contiguous parameters. The walk is
 * fail-closed: a node type not known to be harmless is rejected, so new or exotic syntax (XMLTABLE,
 * TABLESAMPLE, JSON_TABLE, …) never slips through unchecked.
 */

export interface SqlPolicy {
  /** Real tables the statement may read (unqualified or `public.`-qualified). */
  allowedTables: ReadonlySet<string>;
  /** Function names the statement may call, compared case-insensitively. */
  allowedFunctions: ReadonlySet<string>;
  /** Largest constant LIMIT accepted, and the LIMIT appended when the statement has none. */
  maxLimit: number;
  /** Most bind parameters ($1..$N) accepted; DEFAULT_MAX_PARAMS when absent. */
  maxParams?: number;
}

export interface ValidatedSql {
  /** The statement to run: the input, or the input with `LIMIT maxLimit` appended when it had no LIMIT. */
  sql: string;
  /** Real tables read (CTE names excluded), sorted and unique. */
  tables: string[];
  /** Functions called (lower case, without a pg_catalog prefix), sorted and unique. */
  functions: string[];
  /** N of the parameters $1..$N. */
  paramCount: number;
}

/** Why a statement was rejected: `details.rule` of the UNSAFE_SQL error. */
export type SqlRule =
  | 'parse_error'
  | 'nul_character'
  | 'single_statement'
  | 'statement_type'
  | 'data_modifying_cte'
  | 'select_into'
  | 'locking_clause'
  | 'table'
  | 'function'
  | 'sql_value_function'
  | 'string_literal'
  | 'syntax'
  | 'limit'
  | 'params';

export const DEFAULT_MAX_PARAMS = 50;
/** User text must arrive as parameters; the compiler itself only emits short constant literals. */
export const MAX_STRING_LITERAL_LENGTH = 200;

/** Nodes that can neither read a relation nor call a function by themselves; their children are walked. */
const PLAIN_NODES: ReadonlySet<string> = new Set([
  'A_ArrayExpr',
  'A_Expr',
  'A_Indices',
  'A_Indirection',
  'A_Star',
  'BitString',
  'BoolExpr',
  'Boolean',
  'BooleanTest',
  'CaseExpr',
  'CaseWhen',
  'CoalesceExpr',
  'CollateClause',
  'ColumnRef',
  'Float',
  'GroupingFunc',
  'GroupingSet',
  'Integer',
  'JoinExpr',
  'List',
  'MinMaxExpr',
  'NamedArgExpr',
  'NullTest',
  'RangeFunction',
  'RangeSubselect',
  'ResTarget',
  'RowExpr',
  'SortBy',
  'String',
  'SubLink',
  'TypeCast',
  'TypeName',
  'WindowDef',
]);

/** Date/time keywords only: CURRENT_USER, SESSION_USER, CURRENT_SCHEMA … disclose the environment. */
const ALLOWED_SQL_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE',
  'SVFOP_CURRENT_TIME',
  'SVFOP_CURRENT_TIME_N',
  'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N',
  'SVFOP_LOCALTIME',
  'SVFOP_LOCALTIME_N',
  'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema']);

/** A parse-tree object: either a `{ NodeType: body }` wrapper or a node body / unwrapped struct. */
type Tree = Record<string, unknown>;

function reject(rule: SqlRule, message: string, details: Record<string, unknown> = {}): never {
  throw new AppError(ErrorCode.UnsafeSql, message, { details: { rule, ...details } });
}

/** Loads the WASM parser; validateSqlSync may be called once this has resolved (call it at start-up). */
export function loadSqlValidator(): Promise<void> {
  return loadModule();
}

export async function validateSql(sql: string, policy: SqlPolicy): Promise<ValidatedSql> {
  await loadModule();
  return validateSqlSync(sql, policy);
}

/** Synchronous validation (no per-call promise hop); requires loadSqlValidator() to have resolved. */
export function validateSqlSync(sql: string, policy: SqlPolicy): ValidatedSql {
  // maxLimit is interpolated into SQL text, so it must be a plain integer.
  if (!Number.isSafeInteger(policy.maxLimit) || policy.maxLimit < 0) {
    throw new RangeError(`SqlPolicy.maxLimit must be a non-negative integer, got ${policy.maxLimit}`);
  }
  const statement = parseSingleSelect(sql);
  const walker = new PolicyWalker(policy);
  walker.select(statement.select, new Set());
  const paramCount = checkParams(walker.params, policy.maxParams ?? DEFAULT_MAX_PARAMS);
  const hasLimit = checkLimit(statement.select, policy.maxLimit);
  return {
    sql: hasLimit ? sql : appendLimit(sql, statement, policy.maxLimit),
    tables: [...walker.tables].sort(),
    functions: [...walker.functions].sort(),
    paramCount,
  };
}

interface SingleSelect {
  select: Tree;
  /** UTF-8 byte range of the statement, without a trailing `;` or anything after it. */
  start: number;
  end: number;
}

function parseSingleSelect(sql: string): SingleSelect {
  // The parser reads a C string: text after a NUL would be invisible to it but not to the server.
  if (sql.includes('\0')) reject('nul_character', 'SQL contains a NUL character');
  if (sql === '') reject('single_statement', 'SQL is empty', { statements: 0 });
  let result: ParseResult;
  try {
    result = parseSync(sql);
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    reject('parse_error', `SQL does not parse: ${error.message}`, {
      message: error.message,
      position: error.sqlDetails?.cursorPosition,
    });
  }
  const statements = result.stmts ?? [];
  if (statements.length !== 1) {
    reject('single_statement', `Expected exactly one statement, got ${statements.length}`, {
      statements: statements.length,
    });
  }
  const raw = statements[0]!;
  const [type, body] = Object.entries((raw.stmt ?? {}) as Tree)[0] ?? ['none', {}];
  if (type !== 'SelectStmt') {
    reject('statement_type', `Only SELECT is allowed, got ${type}`, { statement: type });
  }
  const start = raw.stmt_location ?? 0;
  // A length of 0 means "to the end of the input".
  return { select: body as Tree, start, end: raw.stmt_len ? start + raw.stmt_len : Number.POSITIVE_INFINITY };
}

/** The statement followed by LIMIT on its own line, so a trailing `--` comment cannot swallow it. */
function appendLimit(sql: string, statement: SingleSelect, limit: number): string {
  // Parser locations are UTF-8 byte offsets.
  const text = Buffer.from(sql, 'utf8').subarray(statement.start, statement.end).toString('utf8');
  return `${text}\nLIMIT ${limit}`;
}

/** Walks the whole tree once, checking every node and collecting tables, functions and parameters. */
class PolicyWalker {
  readonly tables = new Set<string>();
  readonly functions = new Set<string>();
  readonly params = new Set<number>();
  private readonly allowedFunctions: ReadonlySet<string>;

  constructor(private readonly policy: SqlPolicy) {
    this.allowedFunctions = new Set([...policy.allowedFunctions].map((f) => f.toLowerCase()));
  }

  /** `ctes`: CTE names visible here; an unqualified FROM name in it is the CTE, not a table. */
  select(stmt: Tree, ctes: ReadonlySet<string>): void {
    if (stmt.intoClause) reject('select_into', 'SELECT INTO creates a table');
    if (stmt.lockingClause) {
      reject('locking_clause', 'Row-locking clauses (FOR UPDATE/SHARE) are not allowed');
    }
    const scope = stmt.withClause ? this.withClause(stmt.withClause as Tree, ctes) : ctes;
    for (const [key, child] of Object.entries(stmt)) {
      if (key === 'withClause') continue;
      // Set-operation branches are unwrapped SelectStmts, each with its own INTO/locking/WITH to check.
      if (key === 'larg' || key === 'rarg') this.select(child as Tree, scope);
      else this.visit(child, scope);
    }
  }

  /** Checks each CTE in the scope PostgreSQL resolves it in; returns the scope of the statement body. */
  private withClause(clause: Tree, outer: ReadonlySet<string>): ReadonlySet<string> {
    const ctes = ((clause.ctes ?? []) as Tree[]).map((node) => node.CommonTableExpr as Tree);
    const all = new Set([...outer, ...ctes.map((cte) => String(cte.ctename))]);
    // WITH RECURSIVE: every CTE sees all its siblings. Plain WITH: only the earlier ones, so a CTE
    // referring to a later sibling's name (or its own) reads the real table of that name.
    let visible = clause.recursive === true ? all : new Set(outer);
    for (const cte of ctes) {
      this.cte(cte, visible);
      if (clause.recursive !== true) visible = new Set([...visible, String(cte.ctename)]);
    }
    return all;
  }

  private cte(cte: Tree, scope: ReadonlySet<string>): void {
    for (const [key, child] of Object.entries(cte)) {
      if (key !== 'ctequery') {
        this.visit(child, scope);
        continue;
      }
      const [type, body] = Object.entries(child as Tree)[0] ?? ['none', {}];
      if (type !== 'SelectStmt') {
        reject('data_modifying_cte', `WITH ${String(cte.ctename)} is a ${type}; only SELECT is allowed`, {
          cte: cte.ctename,
          statement: type,
        });
      }
      this.select(body as Tree, scope);
    }
  }

  /** Arrays and unwrapped structs are descended into; `{ NodeType: body }` wrappers are checked. */
  private visit(value: unknown, ctes: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, ctes);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const key in value) {
      const child = (value as Tree)[key];
      // Node type names are capitalised (A–Z); field names never are.
      const first = key.charCodeAt(0);
      if (first >= 65 && first <= 90) this.node(key, child as Tree, ctes);
      else this.visit(child, ctes);
    }
  }

  private node(type: string, body: Tree, ctes: ReadonlySet<string>): void {
    switch (type) {
      case 'SelectStmt':
        this.select(body, ctes);
        return;
      case 'RangeVar':
        this.rangeVar(body, ctes);
        return;
      case 'FuncCall':
        this.funcCall(body);
        break;
      case 'SQLValueFunction':
        if (!ALLOWED_SQL_VALUE_FUNCTIONS.has(String(body.op))) {
          reject('sql_value_function', `${String(body.op).replace('SVFOP_', '')} is not allowed`, {
            op: body.op,
          });
        }
        break;
      case 'A_Const':
        this.constant(body);
        break;
      case 'ParamRef':
        // An omitted number is $0, which the contiguity check rejects.
        this.params.add(typeof body.number === 'number' ? body.number : 0);
        break;
      default:
        if (!PLAIN_NODES.has(type)) reject('syntax', `Unsupported SQL construct: ${type}`, { node: type });
    }
    this.visit(body, ctes);
  }

  private rangeVar(rv: Tree, ctes: ReadonlySet<string>): void {
    const name = String(rv.relname);
    const schema = rv.schemaname as string | undefined;
    // A CTE can never be schema-qualified, so only a bare name may refer to one.
    if (schema === undefined && rv.catalogname === undefined && ctes.has(name)) return;
    const qualified = [rv.catalogname, schema, name].filter((part) => part !== undefined).join('.');
    const system = (schema !== undefined && SYSTEM_SCHEMAS.has(schema)) || name.startsWith('pg_');
    const badSchema = rv.catalogname !== undefined || (schema !== undefined && schema !== 'public');
    if (system || badSchema || !this.policy.allowedTables.has(name)) {
      reject('table', `Table ${qualified} is not allowed`, { table: qualified });
    }
    this.tables.add(name);
  }

  private funcCall(call: Tree): void {
    const parts = ((call.funcname ?? []) as Tree[]).map((part) =>
      String((part.String as Tree | undefined)?.sval),
    );
    const qualified = parts.join('.');
    // SQL-syntax forms (EXTRACT, AT TIME ZONE, SUBSTRING … FROM) parse to pg_catalog-qualified calls.
    const unqualified = parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog');
    const name = (parts.at(-1) ?? '').toLowerCase();
    if (!unqualified || !this.allowedFunctions.has(name)) {
      reject('function', `Function ${qualified} is not allowed`, { function: qualified });
    }
    this.functions.add(name);
  }

  private constant(value: Tree): void {
    const text = (value.sval as Tree | undefined)?.sval;
    if (typeof text === 'string' && text.length > MAX_STRING_LITERAL_LENGTH) {
      reject('string_literal', `String literal of ${text.length} characters; user text must be a parameter`, {
        length: text.length,
        max: MAX_STRING_LITERAL_LENGTH,
      });
    }
  }
}

/** Parameters must be exactly $1..$N (a gap means a compiler bug), N ≤ maxParams. Returns N. */
function checkParams(params: ReadonlySet<number>, maxParams: number): number {
  const count = params.size;
  const contiguous = [...params].every((n) => n >= 1 && n <= count);
  if (!contiguous) {
    reject('params', 'Parameters must be numbered $1..$N without gaps', {
      params: [...params].sort((a, b) => a - b),
    });
  }
  if (count > maxParams) {
    reject('params', `${count} parameters; at most ${maxParams}`, { count, max: maxParams });
  }
  return count;
}

/** True if the top-level statement has an acceptable LIMIT, false if it has none (one is appended). */
function checkLimit(select: Tree, maxLimit: number): boolean {
  // FETCH … WITH TIES can return more rows than its count.
  if (select.limitOption === 'LIMIT_OPTION_WITH_TIES') {
    reject('limit', 'FETCH … WITH TIES is not allowed', { max: maxLimit });
  }
  const count = select.limitCount as Tree | undefined;
  if (count === undefined) return false;
  // A parameter's value is bound by the caller; the compiler emits it typed (`LIMIT $4::int`).
  const cast = count.TypeCast as Tree | undefined;
  if (count.ParamRef || (cast?.arg as Tree | undefined)?.ParamRef) return true;
  const constant = count.A_Const as Tree | undefined;
  const integer = constant?.ival as Tree | undefined;
  // The tree omits zero values: `LIMIT 0` is `{ ival: {} }`.
  const value = integer === undefined ? undefined : ((integer.ival as number | undefined) ?? 0);
  if (value === undefined || value < 0 || value > maxLimit) {
    reject('limit', `LIMIT must be a parameter or an integer constant from 0 to ${maxLimit}`, {
      limit: value ?? null,
      max: maxLimit,
    });
  }
  return true;
}

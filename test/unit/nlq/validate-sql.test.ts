import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadSqlValidator,
  MAX_STRING_LITERAL_LENGTH,
  type SqlPolicy,
  type SqlRule,
  type ValidatedSql,
  validateSql,
  validateSqlSync,
} from '../../../src/nlq/validate-sql.ts';
import { AppError, ErrorCode } from '../../../src/shared/errors.ts';

/** The SQL validator against the real PostgreSQL parser: what it lets through and what it refuses, and why. */

const POLICY: SqlPolicy = {
  allowedTables: new Set(['products', 'current_prices', 'platforms', 'price_history']),
  allowedFunctions: new Set([
    'count',
    'sum',
    'avg',
    'min',
    'max',
    'round',
    'coalesce',
    'date_trunc',
    'now',
    'lower',
    'row_number',
    'rank',
    'lag',
    'string_agg',
    'extract',
    'timezone',
    'generate_series',
    'unnest',
  ]),
  maxLimit: 100,
};

beforeAll(async () => {
  await loadSqlValidator();
});

function rejection(sql: string, policy: SqlPolicy = POLICY): AppError {
  try {
    validateSqlSync(sql, policy);
  } catch (error) {
    if (AppError.is(error, ErrorCode.UnsafeSql)) return error;
    throw error;
  }
  throw new Error(`accepted: ${sql}`);
}

interface Accepted {
  name: string;
  sql: string;
  expect?: Partial<ValidatedSql>;
}

const ACCEPTED: Accepted[] = [
  {
    name: 'a plain select',
    sql: 'SELECT id, name FROM products LIMIT 10',
    expect: { tables: ['products'], functions: [], paramCount: 0 },
  },
  {
    name: 'joins with parameters',
    sql: `SELECT p.name, pl.name AS platform, cp.price
          FROM products p
          JOIN current_prices cp ON cp.product_id = p.id
          LEFT JOIN platforms pl ON pl.id = cp.platform_id
          WHERE p.id = $1 AND cp.price < $2
          ORDER BY cp.price ASC NULLS LAST LIMIT 20`,
    expect: { tables: ['current_prices', 'platforms', 'products'], paramCount: 2 },
  },
  {
    name: 'a CTE, and a CTE reading an earlier one',
    sql: `WITH cheap AS (SELECT product_id, min(price) AS price FROM current_prices GROUP BY product_id),
               named AS (SELECT p.name, c.price FROM cheap c JOIN products p ON p.id = c.product_id)
          SELECT * FROM named LIMIT 5`,
    expect: { tables: ['current_prices', 'products'], functions: ['min'] },
  },
  {
    name: 'a materialized CTE',
    sql: 'WITH c AS MATERIALIZED (SELECT id FROM products) SELECT id FROM c LIMIT 5',
    expect: { tables: ['products'] },
  },
  {
    name: 'a recursive CTE referring to itself',
    sql: 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT n FROM t LIMIT 5',
    expect: { tables: [] },
  },
  {
    name: 'window functions with PARTITION BY, frames and a WINDOW clause',
    sql: `SELECT product_id, row_number() OVER (PARTITION BY platform_id ORDER BY price) AS rn,
                 lag(price) OVER w AS previous, count(*) OVER () AS total_count
          FROM price_history WINDOW w AS (PARTITION BY product_id ORDER BY recorded_at
                                          ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
          LIMIT 50`,
    expect: { functions: ['count', 'lag', 'row_number'] },
  },
  {
    name: 'a scalar subquery, IN and EXISTS sublinks',
    sql: `SELECT p.id, (SELECT min(price) FROM current_prices c WHERE c.product_id = p.id) AS best
          FROM products p
          WHERE p.id IN (SELECT product_id FROM price_history)
            AND EXISTS (SELECT 1 FROM platforms pl WHERE pl.id = $1)
          LIMIT 10`,
    expect: { tables: ['current_prices', 'platforms', 'price_history', 'products'], paramCount: 1 },
  },
  {
    name: 'DISTINCT ON',
    sql: 'SELECT DISTINCT ON (product_id) product_id, price FROM current_prices ORDER BY product_id, price LIMIT 10',
  },
  {
    name: 'UNION ALL, INTERSECT and EXCEPT',
    sql: `SELECT id FROM products UNION ALL SELECT product_id FROM current_prices
          INTERSECT SELECT product_id FROM price_history EXCEPT SELECT id FROM platforms LIMIT 10`,
    expect: { tables: ['current_prices', 'platforms', 'price_history', 'products'] },
  },
  {
    name: 'aggregates with FILTER, GROUP BY ROLLUP and HAVING',
    sql: `SELECT platform_id, count(*) FILTER (WHERE in_stock) AS in_stock, round(avg(price), 2)
          FROM current_prices GROUP BY ROLLUP (platform_id) HAVING count(*) > 1 LIMIT 10`,
    expect: { functions: ['avg', 'count', 'round'] },
  },
  {
    // These are SQL syntax (CaseExpr, CoalesceExpr, A_Expr, MinMaxExpr), not calls: no allow-listing needed.
    name: 'CASE, COALESCE, NULLIF, GREATEST',
    sql: `SELECT CASE WHEN price < 10 THEN 'cheap' WHEN price < 100 THEN 'fair' ELSE 'dear' END,
                 coalesce(discount, 0), NULLIF(mrp, 0), GREATEST(price, 1)
          FROM current_prices LIMIT 10`,
    expect: { functions: [] },
  },
  {
    name: 'date_trunc, interval arithmetic, EXTRACT and AT TIME ZONE',
    sql: `SELECT date_trunc('day', recorded_at) AS day, EXTRACT(dow FROM recorded_at),
                 recorded_at AT TIME ZONE 'Asia/Kolkata'
          FROM price_history WHERE recorded_at >= now() - interval '7 days' LIMIT 10`,
    expect: { functions: ['date_trunc', 'extract', 'now', 'timezone'] },
  },
  {
    name: 'CURRENT_DATE, CURRENT_TIMESTAMP and LOCALTIMESTAMP',
    sql: 'SELECT id FROM price_history WHERE recorded_at::date = CURRENT_DATE AND recorded_at < CURRENT_TIMESTAMP AND recorded_at < LOCALTIMESTAMP(0) LIMIT 1',
  },
  {
    name: '= ANY($1) and ILIKE with parameters',
    sql: 'SELECT id FROM products WHERE id = ANY($1) AND lower(name) ILIKE $2 LIMIT 10',
    expect: { paramCount: 2, functions: ['lower'] },
  },
  {
    name: 'BETWEEN, IS NOT NULL, IS DISTINCT FROM and casts',
    sql: `SELECT price::numeric(10, 2), id::text FROM current_prices
          WHERE price BETWEEN $1 AND $2 AND mrp IS NOT NULL AND platform_id IS DISTINCT FROM $3 LIMIT 10`,
    expect: { paramCount: 3 },
  },
  {
    name: 'a LATERAL subquery',
    sql: `SELECT p.id, last.price FROM products p,
          LATERAL (SELECT price FROM price_history h WHERE h.product_id = p.id ORDER BY recorded_at DESC LIMIT 1) last
          LIMIT 10`,
    expect: { tables: ['price_history', 'products'] },
  },
  {
    name: 'allowed set-returning functions in FROM',
    sql: `SELECT g.n, u.id FROM generate_series(1, 3) AS g(n),
          ROWS FROM (unnest($1::int[])) WITH ORDINALITY AS u(id, ord) LIMIT 10`,
    expect: { functions: ['generate_series', 'unnest'], paramCount: 1, tables: [] },
  },
  {
    name: 'public-qualified and ONLY table names',
    sql: 'SELECT * FROM public.products JOIN ONLY platforms ON true LIMIT 5',
    expect: { tables: ['platforms', 'products'] },
  },
  {
    name: 'a CTE named like a denied table shadows it',
    sql: 'WITH users AS (SELECT id FROM products) SELECT * FROM users LIMIT 5',
    expect: { tables: ['products'] },
  },
  {
    name: 'an outer CTE is visible inside subqueries',
    sql: 'WITH api_keys AS (SELECT id FROM products) SELECT * FROM (SELECT * FROM api_keys) s WHERE EXISTS (SELECT 1 FROM api_keys) LIMIT 5',
    expect: { tables: ['products'] },
  },
  {
    name: 'upper-case function names',
    sql: 'SELECT COUNT(*), MAX(price) FROM current_prices LIMIT 1',
    expect: { functions: ['count', 'max'] },
  },
  {
    name: 'pg_catalog-qualified allowed function',
    sql: 'SELECT pg_catalog.count(*) FROM products LIMIT 1',
    expect: { functions: ['count'] },
  },
  {
    name: 'string_agg with ORDER BY inside the call',
    sql: 'SELECT string_agg(name, $1 ORDER BY name) FROM products LIMIT 1',
    expect: { functions: ['string_agg'], paramCount: 1 },
  },
  { name: 'VALUES in a subquery', sql: 'SELECT * FROM (VALUES (1, $1), (2, $2)) AS v(a, b) LIMIT 2' },
  { name: 'LIMIT as a parameter', sql: 'SELECT id FROM products LIMIT $1', expect: { paramCount: 1 } },
  {
    name: 'LIMIT as a typed parameter',
    sql: 'SELECT id FROM products LIMIT $1::int',
    expect: { paramCount: 1 },
  },
  { name: 'LIMIT 0', sql: 'SELECT id FROM products LIMIT 0' },
  { name: 'LIMIT at the maximum', sql: 'SELECT id FROM products LIMIT 100' },
  { name: 'OFFSET with LIMIT', sql: 'SELECT id FROM products ORDER BY id LIMIT 10 OFFSET $1' },
  { name: 'FETCH FIRST … ROWS ONLY', sql: 'SELECT id FROM products ORDER BY id FETCH FIRST 10 ROWS ONLY' },
  {
    name: 'a block comment hiding a statement is only a comment',
    sql: 'SELECT id FROM products /* ; DROP TABLE users; */ LIMIT 5',
    expect: { tables: ['products'] },
  },
  {
    name: 'nested block comments (PostgreSQL nests them)',
    sql: 'SELECT 1 /* /* */ ; DROP TABLE products; */ LIMIT 1',
  },
  {
    name: 'a line comment hiding a statement is only a comment',
    sql: 'SELECT id FROM products -- ; DROP TABLE users\nLIMIT 5',
  },
  {
    name: 'a dollar-quoted string holding SQL is just a string',
    sql: 'SELECT $q$; DROP TABLE users; $q$ AS s FROM products LIMIT 1',
    expect: { tables: ['products'] },
  },
  {
    name: `a string literal of exactly ${MAX_STRING_LITERAL_LENGTH} characters`,
    sql: `SELECT '${'x'.repeat(MAX_STRING_LITERAL_LENGTH)}' FROM products LIMIT 1`,
  },
];

interface Rejected {
  name: string;
  sql: string;
  rule: SqlRule;
  details?: Record<string, unknown>;
  policy?: SqlPolicy;
}

const REJECTED: Rejected[] = [
  // Not exactly one SELECT.
  {
    name: 'DROP TABLE',
    sql: 'DROP TABLE products',
    rule: 'statement_type',
    details: { statement: 'DropStmt' },
  },
  { name: 'a second statement', sql: 'SELECT 1; DELETE FROM products', rule: 'single_statement' },
  { name: 'a statement after a comment', sql: 'SELECT 1 /* */; DROP TABLE users', rule: 'single_statement' },
  { name: 'an empty string', sql: '', rule: 'single_statement' },
  { name: 'only a semicolon', sql: ';', rule: 'single_statement' },
  { name: 'only a comment', sql: '-- nothing', rule: 'single_statement' },
  { name: 'INSERT', sql: 'INSERT INTO products (id) VALUES (1)', rule: 'statement_type' },
  { name: 'UPDATE', sql: 'UPDATE products SET name = $1', rule: 'statement_type' },
  { name: 'TRUNCATE', sql: 'TRUNCATE products', rule: 'statement_type' },
  { name: 'COPY … TO a file', sql: "COPY products TO '/tmp/products.csv'", rule: 'statement_type' },
  { name: 'COPY … FROM PROGRAM', sql: "COPY products FROM PROGRAM 'id'", rule: 'statement_type' },
  { name: 'SET', sql: 'SET statement_timeout = 0', rule: 'statement_type' },
  { name: 'BEGIN', sql: 'BEGIN', rule: 'statement_type' },
  { name: 'CALL', sql: 'CALL refresh_prices()', rule: 'statement_type' },
  { name: 'DO', sql: 'DO $$ BEGIN PERFORM 1; END $$', rule: 'statement_type' },
  { name: 'EXPLAIN ANALYZE DELETE', sql: 'EXPLAIN ANALYZE DELETE FROM products', rule: 'statement_type' },
  { name: 'PREPARE', sql: 'PREPARE q AS SELECT 1', rule: 'statement_type' },
  { name: 'DECLARE CURSOR', sql: 'DECLARE c CURSOR FOR SELECT * FROM products', rule: 'statement_type' },
  { name: 'GRANT', sql: 'GRANT SELECT ON users TO public', rule: 'statement_type' },
  { name: 'a syntax error', sql: 'SELEC id FROM products', rule: 'parse_error' },
  { name: 'an unterminated string', sql: "SELECT 'abc FROM products", rule: 'parse_error' },
  {
    name: 'a NUL hiding a second statement',
    sql: 'SELECT 1 LIMIT 1\0; DROP TABLE users',
    rule: 'nul_character',
  },

  // Data-modifying CTEs and other writes or locks inside a SELECT.
  {
    name: 'DELETE in a CTE',
    sql: 'WITH d AS (DELETE FROM products RETURNING *) SELECT * FROM d LIMIT 1',
    rule: 'data_modifying_cte',
    details: { cte: 'd', statement: 'DeleteStmt' },
  },
  {
    name: 'INSERT in a CTE',
    sql: 'WITH i AS (INSERT INTO products (id) VALUES (1) RETURNING id) SELECT id FROM i LIMIT 1',
    rule: 'data_modifying_cte',
  },
  {
    name: 'UPDATE in a CTE',
    sql: 'WITH u AS (UPDATE products SET name = $1 RETURNING id) SELECT id FROM u LIMIT 1',
    rule: 'data_modifying_cte',
  },
  {
    name: 'MERGE in a CTE',
    sql: 'WITH m AS (MERGE INTO products p USING platforms s ON true WHEN MATCHED THEN DELETE RETURNING p.id) SELECT * FROM m LIMIT 1',
    rule: 'data_modifying_cte',
  },
  {
    name: 'DELETE in a CTE nested in a subquery',
    sql: 'SELECT * FROM (WITH d AS (DELETE FROM products RETURNING id) SELECT id FROM d) s LIMIT 1',
    rule: 'data_modifying_cte',
  },
  { name: 'SELECT INTO', sql: 'SELECT * INTO t FROM products', rule: 'select_into' },
  { name: 'FOR UPDATE', sql: 'SELECT * FROM products LIMIT 1 FOR UPDATE', rule: 'locking_clause' },
  {
    name: 'FOR SHARE in a subquery',
    sql: 'SELECT * FROM (SELECT id FROM products FOR SHARE) s LIMIT 1',
    rule: 'locking_clause',
  },
  {
    name: 'FOR UPDATE in a UNION branch',
    sql: '(SELECT id FROM products FOR UPDATE) UNION SELECT id FROM platforms LIMIT 1',
    rule: 'locking_clause',
  },

  // Tables.
  { name: 'a denied table', sql: 'SELECT * FROM users LIMIT 1', rule: 'table', details: { table: 'users' } },
  { name: 'a public-qualified denied table', sql: 'SELECT * FROM public.users LIMIT 1', rule: 'table' },
  { name: 'upper-case denied table', sql: 'SELECT * FROM USERS LIMIT 1', rule: 'table' },
  { name: 'TABLE users', sql: 'TABLE users', rule: 'table' },
  {
    name: 'pg_catalog.pg_user',
    sql: 'SELECT * FROM pg_catalog.pg_user LIMIT 1',
    rule: 'table',
    details: { table: 'pg_catalog.pg_user' },
  },
  { name: 'an unqualified catalog view', sql: 'SELECT * FROM pg_shadow LIMIT 1', rule: 'table' },
  { name: 'information_schema', sql: 'SELECT * FROM information_schema.tables LIMIT 1', rule: 'table' },
  { name: 'an allowed name in another schema', sql: 'SELECT * FROM audit.products LIMIT 1', rule: 'table' },
  { name: 'a three-part name', sql: 'SELECT * FROM otherdb.public.products LIMIT 1', rule: 'table' },
  {
    name: 'a denied table in a subquery',
    sql: 'SELECT * FROM (SELECT * FROM api_keys) k LIMIT 1',
    rule: 'table',
    details: { table: 'api_keys' },
  },
  {
    name: 'a denied table in a CTE',
    sql: 'WITH k AS (SELECT * FROM api_keys) SELECT * FROM k LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in EXISTS',
    sql: 'SELECT id FROM products WHERE EXISTS (SELECT 1 FROM users) LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in IN',
    sql: 'SELECT id FROM products WHERE id IN (SELECT id FROM users) LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a UNION branch',
    sql: 'SELECT id FROM products UNION SELECT id FROM users LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a LATERAL subquery',
    sql: 'SELECT * FROM products p, LATERAL (SELECT * FROM api_keys k WHERE k.id = p.id) x LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a function argument',
    sql: 'SELECT coalesce((SELECT max(id) FROM api_keys), 0) FROM products LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a JOIN',
    sql: 'SELECT * FROM products p JOIN users u ON u.id = p.id LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in ORDER BY',
    sql: 'SELECT id FROM products ORDER BY (SELECT count(*) FROM users) LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a window frame',
    sql: 'SELECT count(*) OVER (ORDER BY id ROWS (SELECT count(*) FROM users) PRECEDING) FROM products LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table in a parenthesised UNION branch with its own WITH',
    sql: 'SELECT id FROM products UNION (WITH x AS (SELECT id FROM users) SELECT id FROM x) LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a denied table outside the scope of the CTE that shadows it',
    sql: 'SELECT * FROM (WITH users AS (SELECT id FROM products) SELECT * FROM users) s JOIN users u ON true LIMIT 1',
    rule: 'table',
    details: { table: 'users' },
  },
  {
    name: 'a plain CTE reading its own name reads the real table',
    sql: 'WITH users AS (SELECT * FROM users) SELECT * FROM users LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a plain CTE reading a later sibling’s name reads the real table',
    sql: 'WITH a AS (SELECT * FROM users), users AS (SELECT 1) SELECT * FROM a LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a schema-qualified name is never a CTE',
    sql: 'WITH users AS (SELECT id FROM products) SELECT * FROM public.users LIMIT 1',
    rule: 'table',
  },
  {
    name: 'a unicode-escaped denied table name',
    sql: 'SELECT * FROM U&"\\0075sers" LIMIT 1',
    rule: 'table',
    details: { table: 'users' },
  },
  {
    name: 'a unicode-escaped name with UESCAPE',
    sql: `SELECT * FROM U&"!0061pi_keys" UESCAPE '!' LIMIT 1`,
    rule: 'table',
  },
  { name: 'a comment between FROM and the table', sql: 'SELECT * FROM/**/users LIMIT 1', rule: 'table' },

  // Functions.
  {
    name: 'pg_sleep',
    sql: 'SELECT pg_sleep(10)',
    rule: 'function',
    details: { function: 'pg_sleep' },
  },
  { name: 'pg_catalog.pg_sleep', sql: 'SELECT pg_catalog.pg_sleep(1) LIMIT 1', rule: 'function' },
  { name: 'a unicode-escaped pg_sleep', sql: 'SELECT U&"\\0070g_sleep"(1) LIMIT 1', rule: 'function' },
  { name: 'pg_read_file', sql: "SELECT pg_read_file('/etc/passwd') LIMIT 1", rule: 'function' },
  { name: 'dblink', sql: "SELECT * FROM dblink('host=x', 'SELECT 1') AS t(a int) LIMIT 1", rule: 'function' },
  { name: 'lo_import', sql: "SELECT lo_import('/etc/passwd') LIMIT 1", rule: 'function' },
  { name: 'set_config', sql: "SELECT set_config('statement_timeout', '0', false) LIMIT 1", rule: 'function' },
  { name: 'current_setting', sql: "SELECT current_setting('data_directory') LIMIT 1", rule: 'function' },
  { name: 'txid_current', sql: 'SELECT txid_current() LIMIT 1', rule: 'function' },
  { name: 'nextval', sql: "SELECT nextval('products_id_seq') LIMIT 1", rule: 'function' },
  { name: 'pg_advisory_lock', sql: 'SELECT pg_advisory_lock(1) LIMIT 1', rule: 'function' },
  { name: 'a function in FROM', sql: "SELECT * FROM pg_ls_dir('.') LIMIT 1", rule: 'function' },
  {
    name: 'a function in LATERAL',
    sql: 'SELECT * FROM products, LATERAL pg_sleep(1) LIMIT 1',
    rule: 'function',
  },
  {
    name: 'an allowed name in another schema',
    sql: 'SELECT public.count(*) FROM products LIMIT 1',
    rule: 'function',
    details: { function: 'public.count' },
  },
  {
    name: 'a function in a FILTER clause',
    sql: 'SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM products LIMIT 1',
    rule: 'function',
  },
  {
    name: 'a function in a CTE',
    sql: 'WITH s AS (SELECT pg_sleep(1)) SELECT * FROM s LIMIT 1',
    rule: 'function',
  },
  {
    name: 'a function in a join condition',
    sql: 'SELECT * FROM products p JOIN platforms pl ON pg_sleep(1) IS NULL LIMIT 1',
    rule: 'function',
  },
  { name: 'CURRENT_USER', sql: 'SELECT current_user LIMIT 1', rule: 'sql_value_function' },
  { name: 'SESSION_USER', sql: 'SELECT session_user LIMIT 1', rule: 'sql_value_function' },
  { name: 'USER', sql: 'SELECT user LIMIT 1', rule: 'sql_value_function' },
  { name: 'CURRENT_ROLE', sql: 'SELECT current_role LIMIT 1', rule: 'sql_value_function' },
  { name: 'CURRENT_USER in FROM', sql: 'SELECT * FROM current_user LIMIT 1', rule: 'sql_value_function' },

  // Constructs outside the known-harmless set.
  {
    name: 'TABLESAMPLE',
    sql: 'SELECT * FROM products TABLESAMPLE SYSTEM (10) LIMIT 1',
    rule: 'syntax',
    details: { node: 'RangeTableSample' },
  },
  {
    name: 'XMLTABLE',
    sql: "SELECT * FROM XMLTABLE('/a' PASSING $1 COLUMNS x int) LIMIT 1",
    rule: 'syntax',
  },
  { name: 'JSON_OBJECT', sql: "SELECT JSON_OBJECT('a': 1) LIMIT 1", rule: 'syntax' },

  // Literals.
  {
    name: `a string literal over ${MAX_STRING_LITERAL_LENGTH} characters`,
    sql: `SELECT id FROM products WHERE name = '${'x'.repeat(MAX_STRING_LITERAL_LENGTH + 1)}' LIMIT 1`,
    rule: 'string_literal',
    details: { length: MAX_STRING_LITERAL_LENGTH + 1 },
  },
  {
    name: 'a long dollar-quoted literal',
    sql: `SELECT $t$${'y'.repeat(300)}$t$ LIMIT 1`,
    rule: 'string_literal',
  },

  // LIMIT.
  { name: 'LIMIT over the maximum', sql: 'SELECT id FROM products LIMIT 1000000', rule: 'limit' },
  { name: 'LIMIT beyond int32', sql: 'SELECT id FROM products LIMIT 10000000000', rule: 'limit' },
  { name: 'a negative LIMIT', sql: 'SELECT id FROM products LIMIT -1', rule: 'limit' },
  { name: 'LIMIT ALL', sql: 'SELECT id FROM products LIMIT ALL', rule: 'limit' },
  { name: 'LIMIT as an expression', sql: 'SELECT id FROM products LIMIT 10 + 1', rule: 'limit' },
  { name: 'LIMIT as a string', sql: "SELECT id FROM products LIMIT '10'", rule: 'limit' },
  { name: 'LIMIT as a subquery', sql: 'SELECT id FROM products LIMIT (SELECT 1000000)', rule: 'limit' },
  {
    name: 'FETCH … WITH TIES',
    sql: 'SELECT id FROM products ORDER BY id FETCH FIRST 10 ROWS WITH TIES',
    rule: 'limit',
  },

  // Parameters.
  {
    name: 'non-contiguous parameters',
    sql: 'SELECT id FROM products WHERE id = $1 OR id = $3 LIMIT 1',
    rule: 'params',
    details: { params: [1, 3] },
  },
  {
    name: 'parameters not starting at $1',
    sql: 'SELECT id FROM products WHERE id = $2 LIMIT 1',
    rule: 'params',
  },
  {
    name: 'more parameters than maxParams',
    sql: 'SELECT id FROM products WHERE id IN ($1, $2, $3) LIMIT 1',
    rule: 'params',
    policy: { ...POLICY, maxParams: 2 },
  },
  {
    name: 'more than the default 50 parameters',
    sql: `SELECT id FROM products WHERE id IN (${Array.from({ length: 51 }, (_, i) => `$${i + 1}`).join(', ')}) LIMIT 1`,
    rule: 'params',
    details: { count: 51, max: 50 },
  },
];

describe('validateSql accepts read-only SELECTs', () => {
  it.each(ACCEPTED)('$name', ({ sql, expect: expected }) => {
    const result = validateSqlSync(sql, POLICY);
    expect(result.sql).toBe(sql);
    if (expected) expect(result).toMatchObject(expected);
  });
});

describe('validateSql rejects', () => {
  it.each(REJECTED)('$name', ({ sql, rule, details, policy }) => {
    const error = rejection(sql, policy);
    expect(error.code).toBe(ErrorCode.UnsafeSql);
    expect(error.details).toMatchObject({ rule, ...details });
  });

  it('reports the parser message and position for a parse error', () => {
    const error = rejection('SELECT id FROM products WHERE');
    expect(error.message).toMatch(/syntax error at end of input/);
    expect(error.details).toMatchObject({ rule: 'parse_error', message: 'syntax error at end of input' });
  });
});

describe('a missing LIMIT', () => {
  const appended = (sql: string) => validateSqlSync(sql, POLICY).sql;

  it.each([
    ['a plain select', 'SELECT id FROM products', 'SELECT id FROM products\nLIMIT 100'],
    ['a trailing semicolon', 'SELECT id FROM products;  ', 'SELECT id FROM products\nLIMIT 100'],
    [
      'a trailing line comment',
      'SELECT id FROM products -- all',
      'SELECT id FROM products -- all\nLIMIT 100',
    ],
    ['OFFSET alone', 'SELECT id FROM products OFFSET $1', 'SELECT id FROM products OFFSET $1\nLIMIT 100'],
    [
      'non-ASCII text before a semicolon',
      "SELECT 'café' FROM products; -- é",
      "SELECT 'café' FROM products\nLIMIT 100",
    ],
    ['TABLE', 'TABLE products', 'TABLE products\nLIMIT 100'],
  ])('is appended after %s', (_name, sql, rewritten) => {
    expect(appended(sql)).toBe(rewritten);
    // The rewrite is itself valid and already bounded, so a second pass leaves it alone.
    expect(appended(rewritten)).toBe(rewritten);
  });

  it('bounds a whole set operation, not its last branch', () => {
    const sql = 'SELECT id FROM products UNION SELECT id FROM platforms ORDER BY 1';
    expect(appended(sql)).toBe(`${sql}\nLIMIT 100`);
  });

  it('is only required at the top level', () => {
    const sql = 'SELECT * FROM (SELECT id FROM products LIMIT 100000) s LIMIT 5';
    expect(appended(sql)).toBe(sql);
  });

  it('uses the policy maximum', () => {
    expect(validateSqlSync('SELECT 1', { ...POLICY, maxLimit: 7 }).sql).toBe('SELECT 1\nLIMIT 7');
  });
});

describe('the API', () => {
  it('validateSql is the async form of validateSqlSync', async () => {
    const sql =
      'SELECT count(*) FROM products p JOIN current_prices c ON c.product_id = p.id WHERE p.id = $1';
    await expect(validateSql(sql, POLICY)).resolves.toEqual({
      sql: `${sql}\nLIMIT 100`,
      tables: ['current_prices', 'products'],
      functions: ['count'],
      paramCount: 1,
    });
  });

  it('rejects with an AppError through the async form too', async () => {
    await expect(validateSql('SELECT * FROM users', POLICY)).rejects.toBeInstanceOf(AppError);
  });

  it('lists each table and function once', () => {
    const result = validateSqlSync(
      'SELECT count(*), count(id) FROM products a JOIN products b ON a.id = b.id LIMIT 1',
      POLICY,
    );
    expect(result).toMatchObject({ tables: ['products'], functions: ['count'] });
  });

  it('matches allow-listed functions case-insensitively', () => {
    const policy = { ...POLICY, allowedFunctions: new Set(['DATE_TRUNC', 'Now']) };
    const sql = "SELECT DATE_TRUNC('day', NOW()) LIMIT 1";
    expect(validateSqlSync(sql, policy).functions).toEqual(['date_trunc', 'now']);
  });

  it('refuses a maxLimit that cannot be written into SQL', () => {
    expect(() => validateSqlSync('SELECT 1', { ...POLICY, maxLimit: 1.5 })).toThrow(RangeError);
  });
});

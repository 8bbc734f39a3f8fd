import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { AppError, ErrorCode } from '../shared/errors.ts';

export type Scope = 'read' | 'admin';

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scope: Scope;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Who made a request, once the key is checked; never holds the key itself. */
export interface Principal {
  keyId: number;
  prefix: string;
  scope: Scope;
}

const KEY_PREFIX = 'qcd_';
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const INFO_COLUMNS = `id, name, key_prefix AS prefix, scope, created_at::text, revoked_at::text, last_used_at::text`;

/**
 * Only the SHA-256 of a key is stored. The key is 32 random bytes, so a plain (unsalted) hash is enough, and
 * looking the hash up through its unique index compares keys without a timing side channel on the secret.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(
  db: Queryable,
  input: { scope: Scope; name?: string },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, SHOWN_PREFIX_LENGTH);
  const { rows } = await db.query<ApiKeyInfo>(
    `INSERT INTO api_keys (name, key_prefix, key_hash, scope) VALUES ($1, $2, $3, $4)
     RETURNING ${INFO_COLUMNS}`,
    [input.name ?? `${input.scope} key`, prefix, hashKey(key), input.scope],
  );
  return { key, info: rows[0]! };
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<ApiKeyInfo>(`SELECT ${INFO_COLUMNS} FROM api_keys ORDER BY id`);
  return rows;
}

/** Revokes by numeric id or by the shown prefix; an ambiguous or unknown reference revokes nothing. */
export async function revokeApiKey(db: Queryable, ref: string): Promise<ApiKeyInfo> {
  const byId = /^\d+$/.test(ref);
  const { rows } = await db.query<ApiKeyInfo>(
    `SELECT ${INFO_COLUMNS} FROM api_keys WHERE ${byId ? 'id = $1::bigint' : 'key_prefix = $1'}`,
    [ref],
  );
  if (rows.length !== 1) {
    throw new AppError(
      ErrorCode.NotFound,
      rows.length ? `Prefix ${ref} matches several keys` : `No API key ${ref}`,
      {
        hint: 'Run `qcd keys list` and pass the id.',
      },
    );
  }
  const revoked = await db.query<ApiKeyInfo>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${INFO_COLUMNS}`,
    [rows[0]!.id],
  );
  return revoked.rows[0]!;
}

/** The principal of a presented key, or null when the key is unknown or revoked. */
export async function findActiveKey(db: Queryable, key: string): Promise<Principal | null> {
  const { rows } = await db.query<{ id: number; key_prefix: string; scope: Scope }>(
    'SELECT id, key_prefix, scope FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [hashKey(key)],
  );
  const row = rows[0];
  return row ? { keyId: row.id, prefix: row.key_prefix, scope: row.scope } : null;
}

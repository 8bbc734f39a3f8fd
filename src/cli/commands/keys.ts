import type { Command } from 'commander';
import { type ApiKeyInfo, createApiKey, listApiKeys, revokeApiKey, type Scope } from '../../auth/api-keys.ts';
import { parseEnv } from '../../config/env.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { AppError, ErrorCode } from '../../shared/errors.ts';

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(parseEnv());
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const describe = (k: ApiKeyInfo) =>
  `${k.id}\t${k.prefix}…\t${k.scope}\t${k.revoked_at ? 'revoked' : 'active'}\t${k.name}\tlast used ${k.last_used_at ?? 'never'}`;

function parseScope(value: string): Scope {
  if (value === 'read' || value === 'admin') return value;
  throw new AppError(ErrorCode.BadRequest, `--scope must be read or admin, got "${value}"`);
}

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (only their hashes are stored)');

  keys
    .command('create')
    .description('Create an API key and print it once')
    .requiredOption('--scope <scope>', 'read or admin', parseScope)
    .option('--name <name>', 'label to recognise the key by')
    .option('--json', 'print as JSON')
    .action(async (opts: { scope: Scope; name?: string; json?: boolean }) => {
      const { key, info } = await withDatabase((db) =>
        createApiKey(db, { scope: opts.scope, name: opts.name }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ key, ...info })}\n`);
        return;
      }
      process.stdout.write(`${key}\n`);
      process.stderr.write(
        `Created ${info.scope} key ${info.id} (${info.prefix}…). Store it now: it cannot be shown again.\n`,
      );
    });

  keys
    .command('revoke')
    .description('Revoke a key by id or by its shown prefix')
    .argument('<id-or-prefix>')
    .action(async (ref: string) => {
      const info = await withDatabase((db) => revokeApiKey(db, ref.replace(/…$/, '')));
      process.stdout.write(`Revoked key ${info.id} (${info.prefix}…, ${info.name}).\n`);
    });

  keys
    .command('list')
    .description('List keys (id, prefix, scope, status, name, last use)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await withDatabase(listApiKeys);
      if (opts.json) process.stdout.write(`${JSON.stringify(all)}\n`);
      else process.stdout.write(all.length ? `${all.map(describe).join('\n')}\n` : 'No API keys yet.\n');
    });
}

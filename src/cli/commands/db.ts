import type { Command } from 'commander';
import { parseEnv } from '../../config/env.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database maintenance');
  db.command('migrate')
    .description('Apply pending schema migrations (also done automatically at start)')
    .action(async () => {
      const database = await openDatabase(parseEnv());
      try {
        const result = await migrate(database);
        process.stdout.write(
          result.applied.length > 0
            ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`
            : `Schema is up to date (version ${result.current}).\n`,
        );
      } finally {
        await database.close();
      }
    });
}

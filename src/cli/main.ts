import { Command, CommanderError } from 'commander';
import { parseEnv } from '../config/env.ts';
import { AppError } from '../shared/errors.ts';
import { registerAskCommand } from './commands/ask.ts';
import { registerCatalogCommands } from './commands/catalog.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';

const program = new Command()
  .name('qcd')
  .description(
    'Quick Commerce Deals: compare grocery prices across quick-commerce platforms in plain language',
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerServeCommand(program);
registerDbCommands(program);
registerCatalogCommands(program);
registerKeysCommands(program);
registerAskCommand(program);
registerSimulateCommand(program);

try {
  // Parsed here so a bad variable is reported before any command does work.
  parseEnv();
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

/** Errors say what went wrong and what to do next; no stack traces for expected failures. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof AppError) {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.code === 'QUERY_REFUSED' || error.code === 'INVALID_QUERY' ? 2 : 1;
  }
  process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

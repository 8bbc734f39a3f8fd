import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/** The build is stale when web/dist is missing or any UI source changed after it was written. */
export function webBuildIsStale(): boolean {
  const built = join(WEB_DIR, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sourcesChanged = Math.max(...SOURCES.map((s) => newestMtime(join(WEB_DIR, s))));
  return sourcesChanged > statSync(built).mtimeMs;
}

/**
 * Builds the UI into web/dist with `vite build` in a child process whose NODE_ENV is production: a caller's
 * NODE_ENV (vitest sets "test") would otherwise make Vite bundle React's development build.
 */
export function buildWeb(options: { quiet?: boolean } = {}): Promise<void> {
  const vite = join(WEB_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(WEB_DIR, 'vite.config.ts')];
  if (options.quiet) args.push('--logLevel', 'error');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, NODE_ENV: 'production' } },
      (error, _out, stderr) => {
        if (error) reject(new Error(`vite build failed: ${stderr || error.message}`));
        else resolve();
      },
    );
  });
}

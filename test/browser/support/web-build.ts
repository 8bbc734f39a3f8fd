import { mkdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildWeb, WEB_DIR, webBuildIsStale } from '../../../web/scripts/web-build.ts';

const LOCK = join(tmpdir(), `qcd-web-build-${Buffer.from(WEB_DIR).toString('base64url').slice(-40)}.lock`);

/**
 * Builds web/dist when it is missing or older than web/src. Test files run in parallel workers, so one
 * builds while the others wait on a lock directory (mkdir is atomic) and then see a fresh build.
 */
export async function ensureWebBuilt(): Promise<void> {
  for (let waited = 0; webBuildIsStale(); waited += 200) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (waited > 120_000) throw new Error(`another web build still holds ${LOCK}; remove it if stale`);
      await sleep(200);
      continue;
    }
    try {
      if (webBuildIsStale()) await buildWeb({ quiet: true });
    } finally {
      rmdirSync(LOCK);
    }
  }
}

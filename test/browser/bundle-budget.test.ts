import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../web/scripts/web-build.ts';
import { ensureWebBuilt } from './support/web-build.ts';

/** A Lighthouse-style budget: what a phone downloads before the first page can render. */
const MAIN_JS_BUDGET_GZIP_BYTES = 300 * 1024;

describe('web UI bundle budget', () => {
  it('keeps the main entry script under 300 kB gzipped', { timeout: 120_000 }, async () => {
    await ensureWebBuilt();
    const html = readFileSync(join(WEB_DIR, 'dist', 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry, 'index.html names its entry script').toBeDefined();
    const gzipped = gzipSync(readFileSync(join(WEB_DIR, 'dist', entry!)), { level: 9 }).length;
    console.log(`web UI main JS ${entry}: ${(gzipped / 1024).toFixed(1)} kB gzipped`);
    expect(gzipped).toBeLessThan(MAIN_JS_BUDGET_GZIP_BYTES);
  });
});

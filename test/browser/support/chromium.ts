import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium with everything that would reach the network switched off (this machine has none, and
 * Chromium's background downloads would fail). Playwright gives each launch a fresh profile.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Browser tests skip without Chromium, except in CI (`.ci/run` installs it), where that is a failure. */
export function chromiumAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true, reason: '' };
  const reason = `${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`CI requires the browser tests: ${reason}`);
  console.warn(`Skipping the browser tests: ${reason}`);
  return { available: false, reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** Console errors and uncaught page errors of one page. */
export interface PageProblems {
  /** All of them except the browser's own note on an API error response the UI handled and showed. */
  unexpected(): string[];
}

export async function openPage(
  context: BrowserContext,
  viewport: ViewportName = 'desktop',
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  await page.setViewportSize(VIEWPORTS[viewport]);
  const errors: { text: string; url: string }[] = [];
  // Chromium logs "Failed to load resource" for every 4xx response; a JSON error body from the API is an
  // answer the UI shows (a refused question), so those are expected. Anything else counts.
  const apiErrorUrls = new Set<string>();
  page.on('response', (response) => {
    const json = (response.headers()['content-type'] ?? '').includes('application/json');
    if (response.status() >= 400 && response.status() < 500 && json && response.url().includes('/api/v1/'))
      apiErrorUrls.add(response.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => errors.push({ text: `page error: ${error.message}`, url: '' }));
  const problems: PageProblems = {
    unexpected: () =>
      errors
        .filter((e) => !(e.text.startsWith('Failed to load resource') && apiErrorUrls.has(e.url)))
        .map((e) => `${e.text} ${e.url}`.trim()),
  };
  return { page, problems };
}

export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${viewport}.png`), fullPage: true });
}

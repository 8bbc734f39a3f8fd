import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inr } from '../../web/src/format.ts';
import type { ListingRecord } from '../support/feed.ts';
import { fixtureListings } from '../support/feed.ts';
import {
  chromiumAvailability,
  launchChromium,
  openPage,
  type PageProblems,
  screenshot,
  VIEWPORTS,
  type ViewportName,
} from './support/chromium.ts';
import { startUiServer, type UiServer } from './support/ui-server.ts';

const { available } = chromiumAvailability();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!available)(
  'web UI in Chromium against the real server on the fixture',
  { timeout: 60_000 },
  () => {
    let ui: UiServer;
    let browser: Browser;
    let context: BrowserContext | undefined;
    let opened: { page: Page; problems: PageProblems }[] = [];

    beforeAll(async () => {
      [ui, browser] = await Promise.all([startUiServer(), launchChromium()]);
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await ui?.close();
    });

    /** A fresh context per test (no remembered location or basket), every page checked for console errors. */
    const open = async (
      path: string,
      viewport: ViewportName = 'desktop',
      beforeLoad?: (page: Page) => Promise<unknown>,
    ) => {
      context ??= await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'en-IN' });
      const tab = await openPage(context, viewport);
      await beforeLoad?.(tab.page);
      opened.push(tab);
      await tab.page.goto(`${ui.url}${path}`);
      return tab.page;
    };
    afterEach(async () => {
      const problems = opened.flatMap((tab) => tab.problems.unexpected());
      opened = [];
      await context?.close();
      context = undefined;
      expect(problems).toEqual([]);
    });

    async function apiJson<T>(path: string, body?: unknown): Promise<{ status: number; json: T }> {
      const response = await fetch(`${ui.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as T };
    }

    interface Answer {
      answer: string;
      results: Record<string, unknown>[];
      suggestions: string[];
    }

    it('asks a question typed into the box and shows the answer, the table, the best deal and the SQL', async () => {
      const question = 'cheapest amul butter in Mumbai';
      const page = await open('/');
      await page.getByRole('combobox', { name: 'Your question' }).fill(question);
      await page.getByRole('combobox', { name: 'Your question' }).press('Enter');
      await page.locator('.answer-text').waitFor();
      const expected = (await apiJson<Answer>('/api/v1/query', { query: question })).json;
      await expect.poll(() => page.locator('.answer-text').textContent()).toBe(expected.answer);
      const rows = page.locator('table tbody tr');
      expect(await rows.count()).toBe(expected.results.length);
      const cheapest = expected.results.find((r) => r.in_stock !== false)!;
      const best = page.locator('tr.best');
      await expect.poll(() => best.count()).toBe(1);
      expect(await best.textContent()).toContain(String(cheapest.platform));
      expect(await best.textContent()).toContain(inr(cheapest.price as number));
      expect(await page.getByTestId('best-deal').textContent()).toMatch(/you save ₹[\d,.]+ \([\d.]+%\)/);

      // Sorting by price descending puts the dearest row first.
      const priceHeader = page.getByRole('button', { name: /^Price/ });
      await priceHeader.click();
      await priceHeader.click();
      const dearest = Math.max(...expected.results.map((r) => r.price as number));
      expect(await rows.first().textContent()).toContain(inr(dearest));
      expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Price');

      await page.getByText('Show SQL').click();
      expect(await page.locator('.sql-panel').textContent()).toMatch(/SELECT[\s\S]*current_prices/);
      await screenshot(page, 'ask-answer', 'desktop');
    });

    it('completes product and brand names from the catalog while typing', async () => {
      const hits = (
        await apiJson<{ items: { product: string; brand: string | null }[] }>(
          '/api/v1/products/search?q=butter&limit=5',
        )
      ).json.items;
      const brand = hits.find((h) => h.brand)!.brand!;
      const page = await open('/');
      const box = page.getByRole('combobox', { name: 'Your question' });
      await box.pressSequentially(`cheapest ${brand.slice(0, 3).toLowerCase()}`, { delay: 20 });
      const option = page.getByRole('option', { name: new RegExp(`^${escapeRegExp(brand)}`) }).first();
      await option.waitFor();
      await box.press('ArrowDown');
      await box.press('Enter');
      await expect.poll(() => box.inputValue()).toMatch(new RegExp(`^cheapest ${escapeRegExp(brand)}`));
    });

    it('shows the refusal message and the suggestions for a refused question, and asks a suggestion on click', async () => {
      const question = 'delete all products';
      const refusal = await apiJson<{ message: string; suggestions: string[] }>('/api/v1/query', {
        query: question,
      });
      expect(refusal.status).toBe(422);
      const page = await open(`/?q=${encodeURIComponent(question)}`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.locator('.error-message').textContent()).toBe(refusal.json.message);
      expect(await alert.getByRole('button').allTextContents()).toEqual(refusal.json.suggestions);
      await screenshot(page, 'ask-refused', 'desktop');
      await alert.getByRole('button').first().click();
      await page.locator('.answer-text').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe(refusal.json.suggestions[0]);
    });

    interface History {
      series: { platform: string }[];
    }

    it('shows a product on every platform and a price history chart with one series per platform', async () => {
      const compare = (
        await apiJson<{ product: { product_id: number }; platforms: { platform: string; price: number }[] }>(
          '/api/v1/products/compare?q=amul%20butter',
        )
      ).json;
      const id = compare.product.product_id;
      const page = await open(`/product/${id}`);
      const chart = page.getByTestId('price-chart');
      await chart.waitFor();
      const history = (await apiJson<History>(`/api/v1/products/${id}/prices?days=30`)).json;
      expect(history.series.length).toBeGreaterThan(1);
      await expect.poll(() => chart.locator('path.recharts-line-curve').count()).toBe(history.series.length);
      expect(await chart.getAttribute('data-series')).toBe(String(history.series.length));
      for (const series of history.series) expect(await chart.textContent()).toContain(series.platform);
      const rows = page.locator('table tbody tr');
      expect(await rows.count()).toBe(compare.platforms.length);
      for (const offer of compare.platforms) {
        expect(await rows.filter({ hasText: offer.platform }).textContent()).toContain(inr(offer.price));
      }
      await expect.poll(() => page.getByTestId('lowest-ever').textContent()).toMatch(/Lowest ever: ₹/);

      await page.getByRole('button', { name: '7 days' }).click();
      const week = (await apiJson<History>(`/api/v1/products/${id}/prices?days=7`)).json;
      await expect
        .poll(() => page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed'))
        .toBe('true');
      await expect.poll(() => chart.getAttribute('data-series')).toBe(String(week.series.length));
    });

    interface DealsPage {
      items: {
        product: string;
        platform: string;
        platform_slug: string;
        discount_percent: number;
        flash_sale: unknown;
      }[];
    }

    it('filters deals by platform and minimum discount, with flash sales counting down', async () => {
      const page = await open('/deals');
      await page.getByTestId('deal').first().waitFor();
      await page.getByLabel('Platform').selectOption('zepto');
      await page.getByLabel('Minimum discount (%)').fill('20');
      await page.getByRole('button', { name: 'Show deals' }).click();
      const expected = (await apiJson<DealsPage>('/api/v1/deals?platform=zepto&min_discount=20&limit=24'))
        .json.items;
      expect(expected.length).toBeGreaterThan(0);
      const deals = page.getByTestId('deal');
      await expect
        .poll(async () => (await deals.allTextContents()).map((t) => t.includes('Zepto')))
        .toEqual(expected.map(() => true));
      expect(await deals.locator('h3').allTextContents()).toEqual(expected.map((d) => d.product));
      if (expected.some((d) => d.flash_sale)) {
        expect(await page.locator('.countdown').first().textContent()).toMatch(
          /^ends in (\d+h )?\d+m \d\ds$/,
        );
      }
      await screenshot(page, 'deals-filtered', 'desktop');
    });

    interface Basket {
      platforms: { platform_slug: string; total: number }[];
      cheapest_platform: string | null;
      split: { total: number };
    }

    it('builds a 3-item basket and shows per-platform totals equal to the API', async () => {
      const words = ['butter', 'milk', 'onion'];
      const picks: { product_id: number; product: string; pack: string }[] = [];
      for (const word of words) {
        const hits = (
          await apiJson<{ items: { product_id: number; product: string; pack: string }[] }>(
            `/api/v1/products/search?q=${word}&limit=1`,
          )
        ).json.items;
        picks.push(hits[0]!);
      }
      const page = await open('/basket');
      await page.getByLabel('Deliver to').selectOption('Mumbai');
      const search = page.getByRole('combobox', { name: 'Add a product' });
      for (const pick of picks) {
        await search.fill(pick.product);
        await page
          .getByRole('option', { name: new RegExp(`^${escapeRegExp(`${pick.product} ${pick.pack}`)}`) })
          .first()
          .click();
      }
      await expect.poll(() => page.getByTestId('basket-item').count()).toBe(3);
      await page.getByLabel(`Quantity of ${picks[1]!.product} ${picks[1]!.pack}`).fill('2');
      await page.getByRole('button', { name: 'Compare platforms' }).click();
      await page.locator('#basket-result-title').waitFor();
      const expected = (
        await apiJson<Basket>('/api/v1/basket/compare', {
          city: 'Mumbai',
          items: picks.map((p, i) => ({ product_id: p.product_id, quantity: i === 1 ? 2 : 1 })),
        })
      ).json;
      for (const platform of expected.platforms) {
        expect(await page.getByTestId(`total-${platform.platform_slug}`).textContent()).toBe(
          inr(platform.total),
        );
      }
      if (expected.cheapest_platform) {
        expect(await page.locator('tr.best').getByTestId(`total-${expected.cheapest_platform}`).count()).toBe(
          1,
        );
      }
      expect(await page.getByTestId('split-total').textContent()).toBe(inr(expected.split.total));
      await screenshot(page, 'basket-compared', 'desktop');
    });

    /** The `nth` listing's product and platform, and a record that changes its price (on the fixture's clock). */
    async function priceChange(nth: number) {
      const { rows } = await ui.server.services.db.query<{ product_id: string; slug: string; sku: string }>(
        `SELECT l.product_id, pf.slug, l.sku FROM platform_listings l JOIN platforms pf ON pf.id = l.platform_id
        ORDER BY l.id OFFSET $1 LIMIT 1`,
        [nth],
      );
      const { product_id, slug, sku } = rows[0]!;
      const record = fixtureListings().get(`${slug}/${sku}`) as ListingRecord;
      const newPrice = Math.max(1, Math.round(record.price * 0.8));
      const { product } = (
        await apiJson<{ product: { product: string } }>(`/api/v1/products/compare?product_id=${product_id}`)
      ).json;
      const platforms = (
        await apiJson<{ platforms: { platform: string; platform_slug: string }[] }>('/api/v1/platforms')
      ).json.platforms;
      return {
        product_id,
        product: product.product,
        platformName: platforms.find((p) => p.platform_slug === slug)!.platform,
        newPrice,
        changed: { ...record, price: newPrice, observed_at: '2026-11-20T11:59:00+05:30' },
      };
    }

    it('shows a price change on the Live page and on an open Product page within 2 s', async () => {
      const { product_id, product, platformName, newPrice, changed } = await priceChange(0);

      const live = await open('/live');
      const productPage = await open(`/product/${product_id}`);
      for (const page of [live, productPage]) {
        await expect.poll(() => page.getByTestId('stream-status').textContent()).toMatch(/live|connected/);
      }
      // The 2 s are for the change to arrive, not for the page's first load.
      await productPage.locator('table tbody tr').filter({ hasText: platformName }).waitFor();
      const started = Date.now();
      await ui.importRecords([changed]);
      const within = () => Math.max(1, 2000 - (Date.now() - started));
      await live
        .getByTestId('tick')
        .filter({ hasText: product })
        .filter({ hasText: platformName })
        .filter({ hasText: inr(newPrice) })
        .first()
        .waitFor({ timeout: within() });
      await productPage
        .locator('table tbody tr')
        .filter({ hasText: platformName })
        .filter({ hasText: inr(newPrice) })
        .waitFor({ timeout: within() });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await productPage.getByTestId('last-change').textContent()).toContain(inr(newPrice));
      await screenshot(live, 'live-change', 'desktop');
    });

    it('keeps a price change that arrives while the Product page is still loading its prices', async () => {
      const { product_id, platformName, newPrice, changed } = await priceChange(1);
      let readBeforeChange!: () => void;
      const read = new Promise<void>((resolve) => {
        readBeforeChange = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The page's comparison is read before the change commits and delivered only after its event arrived.
      const page = await open(`/product/${product_id}`, 'desktop', (tab) =>
        tab.route('**/api/v1/products/compare?*', async (route) => {
          const response = await route.fetch();
          readBeforeChange();
          await released;
          await route.fulfill({ response });
        }),
      );
      await read;
      await expect.poll(() => page.getByTestId('stream-status').textContent()).toMatch(/live/);
      await ui.importRecords([changed]);
      await page
        .getByTestId('last-change')
        .filter({ hasText: inr(newPrice) })
        .waitFor();
      release();
      await page
        .locator('table tbody tr')
        .filter({ hasText: platformName })
        .filter({ hasText: inr(newPrice) })
        .waitFor();
    });

    describe('every page at desktop and phone width', () => {
      const PAGES: {
        name: string;
        path: string | (() => Promise<string>);
        ready: (page: Page) => Promise<unknown>;
      }[] = [
        {
          name: 'ask',
          path: `/?q=${encodeURIComponent('cheapest amul butter in Mumbai')}`,
          ready: (p) => p.locator('.answer-text').waitFor(),
        },
        {
          name: 'product',
          path: async () =>
            `/product/${(await apiJson<{ product: { product_id: number } }>('/api/v1/products/compare?q=amul%20butter')).json.product.product_id}`,
          ready: (p) => p.getByTestId('price-chart').waitFor(),
        },
        { name: 'deals', path: '/deals', ready: (p) => p.getByTestId('deal').first().waitFor() },
        { name: 'basket', path: '/basket', ready: (p) => p.getByText('Your basket is empty').waitFor() },
        { name: 'live', path: '/live', ready: (p) => p.getByText('● connected').waitFor() },
        { name: 'status', path: '/status', ready: (p) => p.getByTestId('hit-ratio').waitFor() },
      ];
      for (const viewport of ['desktop', 'phone'] as const) {
        it(`renders each page at ${VIEWPORTS[viewport].width} px without horizontal page scroll`, async () => {
          for (const { name, path, ready } of PAGES) {
            const page = await open(typeof path === 'string' ? path : await path(), viewport);
            await ready(page);
            // Wide tables scroll inside their own region; the page itself must fit the screen.
            const overflow = (await page.evaluate(
              'document.documentElement.scrollWidth - window.innerWidth',
            )) as number;
            expect(overflow, `${name} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
            await screenshot(page, name, viewport);
          }
        });
      }
    });

    it('is usable from the keyboard: skip link, labelled controls, focus reaches the question box', async () => {
      const page = await open('/');
      // The first Tab stop exists only once the app has rendered.
      await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' });
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
      // Runs in the page (this file is compiled without the DOM library, so the check is a string).
      const unlabelled = (await page.evaluate(`[...document.querySelectorAll('input, select')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML)`)) as string[];
      expect(unlabelled).toEqual([]);
      await page.getByRole('combobox', { name: 'Your question' }).focus();
      await page.keyboard.type('cheapest amul butter in Mumbai');
      await page.keyboard.press('Enter');
      await page.locator('.answer-text').waitFor();
    });

    it('serves API errors as JSON and page paths as the app', async () => {
      const api = await fetch(`${ui.url}/api/v1/nope`, { headers: { accept: 'text/html' } });
      expect(api.status).toBe(404);
      expect(((await api.json()) as { error_code: string }).error_code).toBe('NOT_FOUND');
      const deep = await fetch(`${ui.url}/product/1`, { headers: { accept: 'text/html' } });
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('<div id="root">');
    });
  },
);

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type FeedLine,
  type FeedSource,
  parseFeedLine,
  readFeed,
} from '../../../src/catalog/feed/read-feed.ts';
import { AppError, ErrorCode } from '../../../src/shared/errors.ts';
import { listing, platform } from '../../support/feed.ts';
import { fixturePath } from '../../support/fixtures.ts';

const good = (sku: string) => JSON.stringify(listing({ sku }));
const reasonOf = (text: string) => {
  const item = parseFeedLine(text, 7);
  expect(item.line).toBe(7);
  if (!('error' in item)) throw new Error(`expected a rejection, got ${JSON.stringify(item)}`);
  return item.error;
};

async function collect(source: FeedSource, options?: Parameters<typeof readFeed>[1]): Promise<FeedLine[]> {
  const out: FeedLine[] = [];
  for await (const item of readFeed(source, options)) out.push(item);
  return out;
}

/** Feeds bytes one at a time, the worst case for multibyte characters and the gzip magic check. */
function byteByByte(bytes: Uint8Array): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += 1) yield Buffer.from([bytes[i]!]);
    })(),
  );
}

const summary = (items: FeedLine[]) =>
  items.map((i) => ('error' in i ? `${i.line}!${i.error}` : `${i.line}`));

let tmp: string | undefined;
function write(name: string, content: string | Uint8Array): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'qcd-read-feed-'));
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe('parseFeedLine', () => {
  it('returns the validated record', () => {
    const item = parseFeedLine(JSON.stringify(listing({ sku: 'A1' })), 3);
    expect(item).toMatchObject({ line: 3, record: { type: 'listing', sku: 'A1', price: 28 } });
  });

  it('rejects a truncated JSON line', () => {
    expect(reasonOf('{"type": "listing", "platform": "alpha", "sku": "T1", "name": "Trunc')).toMatch(
      /^not valid JSON: /,
    );
  });

  it('rejects values that are not a record object', () => {
    expect(reasonOf('[1, 2]')).toBe('expected a JSON object, received array');
    expect(reasonOf('null')).toBe('expected a JSON object, received null');
    expect(reasonOf('{"sku": "A1"}')).toBe('type: is required (one of platform, fees, coupon, listing)');
    expect(reasonOf('{"type": 3}')).toBe('type: expected string, received number');
  });

  it('rejects an unknown record type, including names on Object.prototype', () => {
    expect(reasonOf('{"type": "offer"}')).toBe("unknown record type 'offer'");
    expect(reasonOf('{"type": "constructor"}')).toBe("unknown record type 'constructor'");
  });

  it('names the field with the wrong type', () => {
    expect(reasonOf(JSON.stringify({ ...listing(), mrp: '30' }))).toBe(
      'mrp: expected number, received string',
    );
    expect(reasonOf(JSON.stringify({ ...listing(), category: 'Dairy' }))).toBe(
      'category: expected array, received string',
    );
    expect(reasonOf(JSON.stringify(listing({ pack_count: 1.5 })))).toBe('pack_count: must be an integer');
  });

  it('names a missing field', () => {
    const { sku: _sku, ...withoutSku } = listing() as { sku: string };
    expect(reasonOf(JSON.stringify(withoutSku))).toBe('sku: is required');
  });

  it('rejects a price above mrp', () => {
    expect(reasonOf(JSON.stringify(listing({ price: 40, mrp: 30 })))).toBe('price: price is above mrp');
  });

  it('rejects a member price that is not below the price', () => {
    expect(reasonOf(JSON.stringify(listing({ price: 28, member_price: 28 })))).toBe(
      'member_price: member_price must be below price',
    );
    expect(reasonOf(JSON.stringify(listing({ price: 28, member_price: 29 })))).toMatch(/^member_price: /);
  });

  it('rejects an unknown unit and lists the known ones', () => {
    expect(reasonOf(JSON.stringify({ ...listing(), unit: 'dozen' }))).toBe(
      'unit: unknown unit (expected one of g, kg, ml, l, pcs)',
    );
  });

  it('leaves unknown platforms to the importer', () => {
    expect(parseFeedLine(JSON.stringify(listing({ platform: 'nowhere' })), 1)).toHaveProperty('record');
  });

  it('names nested fields and reports one reason per field', () => {
    const bad = listing({
      observed_at: 'yesterday',
      availability: [{ city: 'Pune', in_stock: 'yes' as unknown as boolean }],
    });
    expect(reasonOf(JSON.stringify(bad))).toBe(
      'observed_at: must be ISO-8601 with an offset; availability[0].in_stock: expected boolean, received string',
    );
  });

  it('keeps reasons short and never echoes a huge value', () => {
    const huge = 'x'.repeat(100_000);
    const reasons = [
      reasonOf(JSON.stringify({ type: huge })),
      reasonOf(JSON.stringify(listing({ name: huge, sku: huge, brand: huge, pack: huge, mrp: 0 }))),
      reasonOf(`{"type": "listing", "name": "${huge}`),
      reasonOf(`{"type": "listing", "name": ${huge}}`),
    ];
    for (const reason of reasons) {
      expect(reason.length).toBeLessThanOrEqual(300);
      expect(reason).not.toContain('x'.repeat(100));
    }
    expect(reasons[1]).toMatch(
      /^sku: must be at most 100 characters; name: must be at most 500 characters; .*; and \d+ more$/,
    );
  });
});

describe('readFeed', () => {
  it('numbers lines from 1 and counts the blank ones it skips', async () => {
    const body = ['', JSON.stringify(platform('alpha')), '   ', '', good('A1'), ''].join('\n');
    expect(summary(await collect({ text: body }))).toEqual(['2', '5']);
  });

  it('reads a final line without a newline', async () => {
    const items = await collect(Buffer.from(`${good('A1')}\n${good('A2')}`));
    expect(items.map((i) => ('record' in i && i.record.type === 'listing' ? i.record.sku : i))).toEqual([
      'A1',
      'A2',
    ]);
  });

  it('rejects each bad line by number and keeps reading', async () => {
    const body = [
      good('A1'),
      '{"type": "listing", "sku": ',
      JSON.stringify({ ...listing(), price: '28' }),
      JSON.stringify({ type: 'rebate' }),
      good('A5'),
    ].join('\n');
    const items = summary(await collect({ text: body }));
    expect(items).toHaveLength(5);
    expect(items[0]).toBe('1');
    expect(items[1]).toMatch(/^2!not valid JSON/);
    expect(items[2]).toBe('3!price: expected number, received string');
    expect(items[3]).toBe("4!unknown record type 'rebate'");
    expect(items[4]).toBe('5');
  });

  it('rejects a 10 MB line without stopping, and the next line still parses', async () => {
    const huge = `{"type": "listing", "name": "${'x'.repeat(10 * 1024 * 1024)}"}`;
    const path = write('long.jsonl', [good('A1'), huge, good('A3')].join('\n'));
    expect(summary(await collect(path))).toEqual(['1', '2!line 2 is longer than 1048576 bytes', '3']);
  });

  it('applies maxLineBytes to the line without its CRLF', async () => {
    const line = good('A1');
    const bytes = Buffer.byteLength(line);
    expect(summary(await collect({ text: `${line}\r\n${line}` }, { maxLineBytes: bytes }))).toEqual([
      '1',
      '2',
    ]);
    expect(summary(await collect({ text: `${line}\r\n` }, { maxLineBytes: bytes - 1 }))).toEqual([
      `1!line 1 is longer than ${bytes - 1} bytes`,
    ]);
  });

  it('handles CRLF line endings', async () => {
    const body = [JSON.stringify(platform('alpha')), '', good('A1'), ''].join('\r\n');
    expect(summary(await collect({ text: body }))).toEqual(['1', '3']);
  });

  it('skips a UTF-8 byte order mark on the first line', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${good('A1')}\n${good('A2')}`),
    ]);
    expect(summary(await collect(body))).toEqual(['1', '2']);
    expect(summary(await collect(byteByByte(body)))).toEqual(['1', '2']);
  });

  it('joins multibyte characters split across chunks when fed one byte at a time', async () => {
    const names = ['Amul Taaza दूध (500 ml)', 'Haldiram’s Bhujia 🌶️ 400 g'];
    const body = Buffer.from(
      names.map((name, i) => JSON.stringify(listing({ sku: `M${i}`, name }))).join('\r\n'),
    );
    const items = await collect(byteByByte(body));
    expect(items.map((i) => ('record' in i && i.record.type === 'listing' ? i.record.name : i))).toEqual(
      names,
    );
  });

  it('rejects a line that is not valid UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"type": "platform", "slug": "a'), Buffer.from([0xff, 0xfe])]);
    expect(summary(await collect(body))).toEqual(['1!not valid UTF-8']);
  });

  it('reads a gzip file, detected by its magic bytes whatever the extension', async () => {
    const body = gzipSync([JSON.stringify(platform('alpha')), '', good('Z1')].join('\n'));
    expect(summary(await collect(write('feed.jsonl.gz', body)))).toEqual(['1', '3']);
    expect(summary(await collect(write('feed-gz-inside.jsonl', body)))).toEqual(['1', '3']);
    expect(summary(await collect(byteByByte(body)))).toEqual(['1', '3']);
  });

  it('reports a truncated gzip stream at the line where it broke, without throwing', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => good(`G${i}`));
    const gz = gzipSync(lines.join('\n'));
    const items = await collect(gz.subarray(0, Math.floor(gz.length * 0.6)));
    const last = items.at(-1)!;
    expect(last).toMatchObject({ error: expect.stringMatching(/^gzip data is corrupt or truncated/) });
    const records = items.slice(0, -1);
    expect(records.length).toBeGreaterThan(100);
    expect(records.every((i, n) => 'record' in i && i.line === n + 1)).toBe(true);
    expect(last.line).toBe(records.length + 1);
  });

  it('reports a corrupt gzip stream as a rejected line, without throwing', async () => {
    const gz = gzipSync(Array.from({ length: 200 }, (_, i) => good(`C${i}`)).join('\n'));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 20, 60);
    const items = await collect(corrupt);
    expect(items.at(-1)).toMatchObject({
      error: expect.stringMatching(/^gzip data is corrupt or truncated/),
    });
  });

  it('reports bytes read at most every 64 KiB, ending at the file size', async () => {
    const path = write('progress.jsonl', Array.from({ length: 3000 }, (_, i) => good(`P${i}`)).join('\n'));
    const size = statSync(path).size;
    const reports: number[] = [];
    const items = await collect(path, { onProgress: (bytes) => reports.push(bytes) });
    expect(items).toHaveLength(3000);
    expect(reports.at(-1)).toBe(size);
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(size / (64 * 1024)) + 1);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.every((bytes, i) => i === 0 || bytes > reports[i - 1]!)).toBe(true);
  });

  it('closes the source when the consumer stops early', async () => {
    for (const body of [
      Buffer.from(`${good('A1')}\n${good('A2')}`),
      gzipSync(`${good('A1')}\n${good('A2')}`),
    ]) {
      // One chunk, so the reader stops while still replaying the chunk it sniffed for the gzip magic.
      const source = Readable.from([body]);
      for await (const item of readFeed(source)) {
        expect(item.line).toBe(1);
        break;
      }
      expect(source.destroyed).toBe(true);
    }
  });

  it('fails with an AppError when the file cannot be opened', async () => {
    const failure = await collect(join(tmpdir(), 'qcd-no-such-feed.jsonl')).catch((error: unknown) => error);
    expect(AppError.is(failure, ErrorCode.BadRequest)).toBe(true);
  });

  it('reads the shared fixture: 11002 records and no errors', async () => {
    const items = await collect(fixturePath());
    expect(items.filter((i) => 'error' in i)).toEqual([]);
    expect(items).toHaveLength(11_002);
    expect(items.at(-1)!.line).toBe(11_002);
  });
});

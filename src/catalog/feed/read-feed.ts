import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../shared/errors.ts';
import { type FeedRecord, type FeedRecordType, RECORD_SCHEMAS } from './records.ts';

/**
 * The streaming price-feed reader (shared/spec/price-feed.md) every importer path uses: it turns a file,
 * stream or upload body into numbered lines, each a validated record or a short reason it was rejected.
 * Memory stays flat in input size: lines are split from raw bytes and an over-long line is discarded as it
 * streams past instead of being buffered.
 */

/** One numbered input line (1-based; blank lines are skipped but counted). */
export type FeedLine = { line: number; record: FeedRecord } | { line: number; error: string };

/**
 * A file path (`.jsonl` or `.jsonl.gz`), a byte stream (any Node `Readable`), or an in-memory body. A plain
 * string is always a path, so an in-memory text body is passed as `{ text }`. Gzip is detected by its magic
 * bytes for every kind.
 */
export type FeedSource = string | AsyncIterable<Uint8Array | string> | Uint8Array | { text: string };

export interface ReadFeedOptions {
  /** Longest accepted line in bytes, excluding the line break. */
  maxLineBytes?: number;
  /** Raw (possibly compressed) bytes consumed so far, so a caller can size a bar from the file size. */
  onProgress?: (bytesRead: number) => void;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
/** zlib discards the output of a write that fails, so a gzip break is located to within one piece. */
const GZIP_PIECE_BYTES = 8 * 1024;
const MAX_REASON_CHARS = 300;
const MAX_REPORTED_ISSUES = 3;
const RECORD_TYPES = Object.keys(RECORD_SCHEMAS) as FeedRecordType[];

export async function* readFeed(source: FeedSource, options: ReadFeedOptions = {}): AsyncGenerator<FeedLine> {
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  try {
    for await (const chunk of decompress(withProgress(rawChunks(source), options.onProgress))) {
      for (const raw of splitter.push(chunk)) {
        const item = toFeedLine(raw);
        if (item) yield item;
      }
    }
  } catch (error) {
    if (isZlibError(error)) {
      // Nothing after a break in a gzip stream can be trusted, so the line it broke in is the last one.
      yield { line: splitter.line, error: `gzip data is corrupt or truncated (${error.message})` };
      return;
    }
    if (error instanceof AppError) throw error;
    throw new AppError(ErrorCode.FeedRejected, `The feed could not be read past line ${splitter.line}`, {
      cause: error,
    });
  }
  const last = splitter.end();
  const item = last && toFeedLine(last);
  if (item) yield item;
}

/** Parses and validates one line of feed text (without its line break). */
export function parseFeedLine(text: string, line: number): FeedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `not valid JSON: ${clip((error as Error).message, 120)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: `expected a JSON object, received ${describe(value)}` };
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) {
    return { line, error: `type: is required (one of ${RECORD_TYPES.join(', ')})` };
  }
  if (typeof type !== 'string') {
    return { line, error: `type: expected string, received ${describe(type)}` };
  }
  if (!Object.hasOwn(RECORD_SCHEMAS, type)) {
    return { line, error: `unknown record type '${clip(type, 40)}'` };
  }
  const result = RECORD_SCHEMAS[type as FeedRecordType].safeParse(value, { error: issueMessage });
  return result.success
    ? { line, record: result.data as FeedRecord }
    : { line, error: formatIssues(result.error.issues) };
}

/** A complete line's bytes, or the rejection of a line too long to hold. */
type RawLine = { line: number; bytes: Buffer } | { line: number; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function toFeedLine(raw: RawLine): FeedLine | undefined {
  if ('error' in raw) return raw;
  let text: string;
  try {
    text = decoder.decode(raw.bytes);
  } catch {
    return { line: raw.line, error: 'not valid UTF-8' };
  }
  return text.trim() === '' ? undefined : parseFeedLine(text, raw.line);
}

/**
 * Splits bytes into lines. Works on bytes rather than decoded text so a multibyte character split across
 * chunks needs no special care, and so a line's length can be capped before it is held in memory.
 */
class LineSplitter {
  /** Number of the line currently being read. */
  line = 1;
  private parts: Buffer[] = [];
  private length = 0;
  private overflow = false;

  constructor(private readonly maxLineBytes: number) {}

  *push(chunk: Buffer): Generator<RawLine> {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      this.append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      yield this.take();
      start = newline + 1;
    }
  }

  /** The final line when the input does not end with a newline. */
  end(): RawLine | undefined {
    return this.length > 0 || this.overflow ? this.take() : undefined;
  }

  private append(bytes: Buffer): void {
    if (this.overflow || bytes.length === 0) return;
    // One byte of slack for the CR of a CRLF, which does not count towards the limit.
    if (this.length + bytes.length > this.maxLineBytes + 1) {
      this.overflow = true;
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  private take(): RawLine {
    const line = this.line;
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    const overflow = this.overflow;
    this.line += 1;
    this.parts = [];
    this.length = 0;
    this.overflow = false;
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    return overflow || bytes.length > this.maxLineBytes
      ? { line, error: `line ${line} is longer than ${this.maxLineBytes} bytes` }
      : { line, bytes };
  }
}

async function* rawChunks(source: FeedSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    const handle = await open(source).catch((error: unknown) => {
      throw new AppError(ErrorCode.BadRequest, `Cannot read feed file ${source}`, { cause: error });
    });
    yield* handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  } else if (source instanceof Uint8Array || 'text' in source) {
    const bytes = source instanceof Uint8Array ? source : Buffer.from(source.text);
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Sliced so progress and gzip backpressure behave as they do for a file.
    for (let at = 0; at < buffer.length; at += CHUNK_BYTES) yield buffer.subarray(at, at + CHUNK_BYTES);
  } else {
    for await (const chunk of source) {
      yield typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  }
}

async function* withProgress(
  chunks: AsyncIterable<Buffer>,
  onProgress: ((bytesRead: number) => void) | undefined,
): AsyncGenerator<Buffer> {
  if (!onProgress) {
    yield* chunks;
    return;
  }
  let bytesRead = 0;
  let reported = 0;
  for await (const chunk of chunks) {
    bytesRead += chunk.length;
    if (bytesRead - reported >= CHUNK_BYTES) {
      reported = bytesRead;
      onProgress(bytesRead);
    }
    yield chunk;
  }
  // A last report so a bar ends at the total.
  if (bytesRead !== reported) onProgress(bytesRead);
}

/** Passes plain input through and gunzips input that starts with the gzip magic bytes 1f 8b. */
async function* decompress(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  // Chunks can be a single byte, so read until the two magic bytes are in hand.
  while (headLength < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  const start = Buffer.concat(head, Math.min(headLength, 2));
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => iterator };
  async function* replayed(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      yield* rest;
    } finally {
      // A consumer that stops while the head is replayed must still close the source.
      await iterator.return?.();
    }
  }
  yield* start[0] === 0x1f && start[1] === 0x8b ? gunzip(replayed()) : replayed();
}

/**
 * Gunzips without losing output on a corrupt stream: Node's stream iterator drops buffered output once the
 * stream errors, so output is collected from 'data' events (flowing mode emits it before the error) and
 * backpressure is applied on the input instead, one small piece at a time, so a piece's output (at most
 * ~1000× for deflate) stays bounded.
 */
async function* gunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const stream = createGunzip();
  const output: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => output.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('error', reject);
  });
  // Observed through the races below; this only keeps an early failure from counting as unhandled.
  finished.catch(() => undefined);
  try {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length; at += GZIP_PIECE_BYTES) {
        const written = new Promise<void>((resolve) =>
          stream.write(chunk.subarray(at, at + GZIP_PIECE_BYTES), () => resolve()),
        );
        await Promise.race([written, finished]);
        yield* output.splice(0);
      }
    }
    stream.end();
    await finished;
    yield* output.splice(0);
  } catch (error) {
    // The lines decompressed before the break are still good.
    yield* output.splice(0);
    throw error;
  } finally {
    stream.destroy();
  }
}

function isZlibError(error: unknown): error is Error {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code?.startsWith('Z_') ?? false;
}

/** Default messages for zod issues, short and without echoing the value; schema messages still win. */
const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'int') return 'must be an integer';
      return `expected ${issue.expected}, received ${describe(issue.input)}`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = String(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') {
        return small && bound === '1'
          ? 'must not be empty'
          : `must be at ${small ? 'least' : 'most'} ${bound} characters`;
      }
      if (issue.origin === 'array') return `must have at ${small ? 'least' : 'most'} ${bound} item(s)`;
      return `must be ${small ? '>' : '<'}${issue.inclusive ? '=' : ''} ${bound}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return 'has an invalid format';
    default:
      return undefined;
  }
};

function formatIssues(issues: z.core.$ZodIssue[]): string {
  // One issue per field: a value that fails its format usually fails the checks after it too.
  const byPath = new Map<string, string>();
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (!byPath.has(path)) byPath.set(path, path ? `${path}: ${issue.message}` : issue.message);
  }
  const parts = [...byPath.values()];
  const shown = parts.slice(0, MAX_REPORTED_ISSUES).join('; ');
  const more = parts.length > MAX_REPORTED_ISSUES ? `; and ${parts.length - MAX_REPORTED_ISSUES} more` : '';
  return clip(shown + more, MAX_REASON_CHARS);
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

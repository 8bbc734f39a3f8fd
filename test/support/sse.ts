import { type IncomingMessage, request } from 'node:http';
import type { StreamEvent } from '../../src/realtime/event-log.ts';

/** A minimal SSE client over node:http that records every frame, for tests and the realtime benchmark. */
export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  events: (StreamEvent & { id: number })[];
  comments: string[];
  ended: Promise<void>;
  /** Resolves once `predicate` holds for the received events (checked on every frame). */
  waitFor(predicate: (events: StreamEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  onEvent?: (event: StreamEvent) => void;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const waiters: { predicate: (e: StreamEvent[]) => boolean; resolve: () => void }[] = [];
      let buffer = '';
      let endResolve: () => void = () => {};
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        ended: new Promise<void>((r) => {
          endResolve = r;
        }),
        waitFor(predicate, timeoutMs = 10_000) {
          if (predicate(client.events)) return Promise.resolve();
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`timed out with ${client.events.length} events`)),
              timeoutMs,
            );
            waiters.push({
              predicate,
              resolve: () => {
                clearTimeout(timer);
                ok();
              },
            });
          });
        },
        close: () => req.destroy(),
      };
      const check = () => {
        for (const w of [...waiters]) {
          if (w.predicate(client.events)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      };
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          parseFrame(frame, client);
          end = buffer.indexOf('\n\n');
        }
        check();
      });
      res.on('close', endResolve);
      res.on('error', endResolve);
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

function parseFrame(frame: string, client: SseClient): void {
  let id: number | undefined;
  let data: string | undefined;
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) id = Number(line.slice(4));
    else if (line.startsWith('data: ')) data = line.slice(6);
  }
  if (data === undefined || id === undefined) return;
  const event = { ...(JSON.parse(data) as StreamEvent), id };
  client.events.push(event);
  client.onEvent?.(event);
}

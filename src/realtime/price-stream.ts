import { PRICE_EVENTS_CHANNEL } from '../catalog/import/write-events.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../shared/logger.ts';
import {
  latestEventId,
  matchesFilter,
  pruneEvents,
  readEvents,
  type StreamEvent,
  type StreamFilter,
} from './event-log.ts';

/** Where a subscriber's frames go (an SSE response in production, an array in tests). */
export interface StreamSink {
  /** Sends one SSE frame; false once the client is gone (dropped as too slow, or disconnected). */
  send(frame: string | Uint8Array): boolean;
  /** Resolves when the client has taken most of what was sent (or is gone): replays wait on it. */
  room(): Promise<void>;
  /** Ends the client's stream (shutdown). */
  close(): void;
}

export interface Subscription {
  unsubscribe(): void;
}

export interface PriceStream {
  /**
   * Registers a client. With `lastEventId` it first receives every matching event after that id (replayed
   * from the log), then live ones, each once and in id order.
   */
  subscribe(options: { filter: StreamFilter; lastEventId?: number; sink: StreamSink }): Promise<Subscription>;
  subscriberCount(): number;
  /** Ends every client's stream so an HTTP server can drain; new subscriptions are still accepted. */
  closeClients(): void;
  /** Stops listening and all timers, and ends every client's stream. */
  close(): Promise<void>;
}

export interface PriceStreamOptions {
  db: Database;
  logger: Logger;
  heartbeatMs?: number;
  /** Events older than this are pruned from the log (checked every `pruneEveryMs`). */
  retentionMs?: number;
  pruneEveryMs?: number;
  /** Safety net: look for new events this often even without a notification. */
  pollMs?: number;
  /** Live events held for one client while its replay runs; more and the client is dropped. */
  maxQueuedEvents?: number;
}

const PAGE = 1000;
const MAX_RELISTEN_DELAY_MS = 30_000;

export function formatEventFrame(event: StreamEvent): string {
  return `id: ${event.event_id}\nevent: price\ndata: ${JSON.stringify(event)}\n\n`;
}

export const HEARTBEAT_FRAME = ': heartbeat\n\n';

interface Subscriber {
  filter: StreamFilter;
  sink: StreamSink;
  lastSent: number;
  /** Non-null while the replay runs: live events wait here. */
  queue: { event: StreamEvent; frame: string }[] | null;
}

/**
 * One LISTEN per process: on every notification the hub reads the new events once and fans them out to the
 * subscribers whose filter matches. A lost LISTEN connection is re-established and the hub catches up from
 * the last id it delivered, so no committed event is skipped.
 */
export function createPriceStream(options: PriceStreamOptions): PriceStream {
  const { db, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueued = options.maxQueuedEvents ?? 10_000;
  const subscribers = new Set<Subscriber>();
  let lastId = 0;
  let started: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let closed = false;
  let pumping = false;
  let pumpAgain = false;
  let relistenDelay = 500;
  const timers: NodeJS.Timeout[] = [];

  const prune = setInterval(() => {
    pruneEvents(db, options.retentionMs ?? 24 * 3_600_000).then(
      (n) => n > 0 && logger.debug({ pruned: n }, 'pruned old price events'),
      (error: unknown) => logger.warn({ err: error }, 'pruning price events failed'),
    );
  }, options.pruneEveryMs ?? 600_000);
  prune.unref();
  timers.push(prune);

  const deliver = (sub: Subscriber, event: StreamEvent, frame: string) => {
    if (event.event_id <= sub.lastSent) return;
    sub.lastSent = event.event_id;
    if (!sub.sink.send(frame)) subscribers.delete(sub);
  };

  /**
   * Fans a page of events out: each subscriber gets one write with all its matching frames. Subscribers with
   * the same filter that are up to date share one encoded chunk, so 100 clients cost one encoding, not 100.
   */
  const dispatch = (events: StreamEvent[]) => {
    const frames = events.map(formatEventFrame);
    const shared = new Map<string, { chunk: Buffer | null; lastId: number }>();
    const firstId = events[0]!.event_id;
    for (const sub of subscribers) {
      const key = `${sub.filter.productId ?? ''}|${sub.filter.platform ?? ''}`;
      if (!sub.queue && sub.lastSent < firstId) {
        let page = shared.get(key);
        if (!page) {
          const matching = events.flatMap((e, i) => (matchesFilter(e, sub.filter) ? [i] : []));
          page = {
            chunk: matching.length > 0 ? Buffer.from(matching.map((i) => frames[i]).join('')) : null,
            lastId: events[matching.at(-1) ?? 0]!.event_id,
          };
          shared.set(key, page);
        }
        if (!page.chunk) continue;
        sub.lastSent = page.lastId;
        if (!sub.sink.send(page.chunk)) subscribers.delete(sub);
        continue;
      }
      let chunk = '';
      for (let i = 0; i < events.length; i += 1) {
        const event = events[i]!;
        if (event.event_id <= sub.lastSent || !matchesFilter(event, sub.filter)) continue;
        if (sub.queue) {
          if (sub.queue.length >= maxQueued) {
            drop(sub);
            break;
          }
          sub.queue.push({ event, frame: frames[i]! });
        } else {
          chunk += frames[i]!;
          sub.lastSent = event.event_id;
        }
      }
      if (chunk && !sub.sink.send(chunk)) subscribers.delete(sub);
    }
  };

  const drop = (sub: Subscriber) => {
    subscribers.delete(sub);
    sub.sink.close();
  };

  /** Reads everything committed since the last delivered id; concurrent wake-ups coalesce into one more pass. */
  const pump = async (): Promise<void> => {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        for (;;) {
          const events = await readEvents(db, { afterId: lastId, limit: PAGE });
          if (events.length > 0) {
            lastId = events.at(-1)!.event_id;
            dispatch(events);
          }
          if (events.length < PAGE) break;
        }
      } while (pumpAgain && !closed);
    } catch (error) {
      logger.warn({ err: error }, 'reading price events failed; retrying on the next notification or poll');
    } finally {
      pumping = false;
    }
  };

  const onNotification = (payload: string) => {
    if (Number(payload) > lastId) void pump();
  };

  const listen = async (): Promise<void> => {
    unlisten = await db.listen(PRICE_EVENTS_CHANNEL, onNotification, onLost);
    relistenDelay = 500;
  };

  function onLost() {
    unlisten = null;
    if (closed) return;
    logger.warn('lost the price-event LISTEN connection; reconnecting');
    const retry = () => {
      if (closed) return;
      listen().then(
        () => pump(),
        () => {
          relistenDelay = Math.min(relistenDelay * 2, MAX_RELISTEN_DELAY_MS);
          setTimeout(retry, relistenDelay).unref();
        },
      );
    };
    setTimeout(retry, relistenDelay).unref();
  }

  const start = async () => {
    // LISTEN before reading the position, so a commit in between is both seen by the read or notified.
    await listen();
    lastId = await latestEventId(db);
    const heartbeat = setInterval(() => {
      for (const sub of subscribers) if (!sub.sink.send(HEARTBEAT_FRAME)) subscribers.delete(sub);
    }, heartbeatMs);
    const poll = setInterval(() => {
      if (subscribers.size > 0) void pump();
    }, options.pollMs ?? 5000);
    heartbeat.unref();
    poll.unref();
    timers.push(heartbeat, poll);
  };

  const replay = async (sub: Subscriber, afterId: number, untilId: number) => {
    let after = afterId;
    for (;;) {
      const events = await readEvents(db, { afterId: after, untilId, limit: PAGE }, sub.filter);
      for (const event of events) {
        deliver(sub, event, formatEventFrame(event));
        await sub.sink.room();
        if (!subscribers.has(sub)) return;
      }
      if (events.length < PAGE) return;
      after = events.at(-1)!.event_id;
    }
  };

  return {
    async subscribe({ filter, lastEventId, sink }) {
      started ??= start().catch((error: unknown) => {
        started = null;
        throw error;
      });
      await started;
      const sub: Subscriber = { filter, sink, lastSent: lastEventId ?? lastId, queue: null };
      subscribers.add(sub);
      if (lastEventId !== undefined && lastEventId < lastId) {
        // Everything up to the hub's position now comes from the log; later events arrive live (queued
        // meanwhile), and lastSent drops anything delivered twice.
        sub.queue = [];
        try {
          await replay(sub, lastEventId, lastId);
        } catch (error) {
          drop(sub);
          throw error;
        }
        const queued = sub.queue;
        sub.queue = null;
        for (const { event, frame } of queued) deliver(sub, event, frame);
      }
      return { unsubscribe: () => subscribers.delete(sub) };
    },
    subscriberCount: () => subscribers.size,
    closeClients() {
      for (const sub of [...subscribers]) drop(sub);
    },
    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      for (const sub of [...subscribers]) drop(sub);
      await unlisten?.();
      unlisten = null;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What one instance tells the others after a committed change. */
export interface InvalidationMessage {
  origin: string;
  tags: string[];
  catalogChanged: boolean;
}

export interface InvalidationBusHandlers {
  /** Another instance committed a change. */
  onMessage(message: InvalidationMessage): void;
  /** The subscription dropped: messages may have been missed until it is back. */
  onLost(): void;
}

/**
 * Redis pub/sub between instances, on its own connection (a subscribed connection can run no other
 * commands). Correctness does not depend on it (every hit checks tag versions in Redis); it lets instances
 * drop invalidated entries from memory at once and refresh their entity index when the catalog changed.
 */
export class InvalidationBus {
  readonly origin = randomUUID();
  readonly #subscriber: Redis;

  private constructor(subscriber: Redis) {
    this.#subscriber = subscriber;
  }

  static start(redis: Redis, channel: string, handlers: InvalidationBusHandlers): InvalidationBus {
    // The offline queue lets SUBSCRIBE wait for the connection; ioredis resubscribes after reconnecting.
    const subscriber = redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    const bus = new InvalidationBus(subscriber);
    subscriber.on('error', () => {});
    // 'close' repeats on every failed reconnect attempt; the subscription is lost once, when it was live.
    let live = false;
    subscriber.on('ready', () => {
      live = true;
    });
    subscriber.on('close', () => {
      if (live) handlers.onLost();
      live = false;
    });
    subscriber.on('message', (from: string, text: string) => {
      if (from !== channel) return;
      const message = parseMessage(text);
      if (message && message.origin !== bus.origin) handlers.onMessage(message);
    });
    subscriber.subscribe(channel).catch(() => {});
    return bus;
  }

  encode(tags: string[], catalogChanged: boolean): string {
    return JSON.stringify({ origin: this.origin, tags, catalogChanged } satisfies InvalidationMessage);
  }

  async close(): Promise<void> {
    await this.#subscriber.quit().catch(() => this.#subscriber.disconnect());
  }
}

function parseMessage(text: string): InvalidationMessage | null {
  try {
    const m = JSON.parse(text) as Partial<InvalidationMessage>;
    if (typeof m.origin !== 'string' || !Array.isArray(m.tags)) return null;
    return { origin: m.origin, tags: m.tags.map(String), catalogChanged: m.catalogChanged === true };
  } catch {
    return null;
  }
}

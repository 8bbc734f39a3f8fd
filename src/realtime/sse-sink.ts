import type { StreamSink } from './price-stream.ts';

/** The part of an HTTP response an SSE sink uses (node's ServerResponse fits). */
export interface SseResponse {
  write(chunk: string | Uint8Array): boolean;
  /** Bytes accepted by write() but not yet handed to the client's socket. */
  readonly writableLength: number;
  /** True after a write() returned false, until 'drain'. */
  readonly writableNeedDrain: boolean;
  end(): void;
  destroy(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * A bounded SSE sink: live frames are written straight to the response; when the client stops reading and
 * more than `maxBufferedBytes` pile up unsent, the connection is destroyed (its buffer freed) instead of
 * letting one slow client grow the server's memory. Replays pace themselves with room(). The browser's EventSource reconnects with Last-Event-ID and
 * resumes from the log.
 */
export function createSseSink(
  response: SseResponse,
  maxBufferedBytes: number,
  onDropped: () => void = () => {},
): StreamSink & { readonly open: boolean } {
  let open = true;
  let checkPending = false;
  // HTTP responses cork the socket for the rest of the tick, so writableLength right after a write counts the
  // whole burst; measured after the tick it is only what the client has not accepted.
  const checkBacklog = () => {
    checkPending = false;
    if (open && response.writableLength > maxBufferedBytes) {
      open = false;
      response.destroy();
      onDropped();
    }
  };
  return {
    get open() {
      return open;
    },
    send(frame) {
      if (!open) return false;
      response.write(frame);
      if (!checkPending) {
        checkPending = true;
        setImmediate(checkBacklog);
      }
      return true;
    },
    room() {
      if (!open || !response.writableNeedDrain) return Promise.resolve();
      return new Promise<void>((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
    },
    close() {
      if (!open) return;
      open = false;
      // A client that is not reading would keep an ended response (and a draining server) open forever.
      if (response.writableLength > 0) response.destroy();
      else response.end();
    },
  };
}

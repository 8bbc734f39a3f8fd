import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSseSink } from '../../../src/realtime/sse-sink.ts';

/** A response whose client reads nothing: every written byte stays buffered. */
class StuckResponse extends EventEmitter {
  written: string[] = [];
  writableLength = 0;
  writableNeedDrain = false;
  destroyed = false;
  ended = false;
  write(chunk: string) {
    this.written.push(chunk);
    this.writableLength += chunk.length;
    this.writableNeedDrain = this.writableLength > 100;
    return !this.writableNeedDrain;
  }
  end() {
    this.ended = true;
  }
  destroy() {
    this.destroyed = true;
  }
  drain() {
    this.writableLength = 0;
    this.writableNeedDrain = false;
    this.emit('drain');
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('bounded SSE sink', () => {
  it('keeps a client whose backlog stays under the bound, even after a burst it then reads', async () => {
    const response = new StuckResponse();
    const sink = createSseSink(response, 1000);
    for (let i = 0; i < 30; i += 1) sink.send('x'.repeat(50));
    response.drain();
    await tick();
    expect(sink.open).toBe(true);
    expect(response.destroyed).toBe(false);
  });

  it('destroys the connection once unsent bytes exceed the bound, and sends nothing more', async () => {
    const response = new StuckResponse();
    let dropped = 0;
    const sink = createSseSink(response, 1000, () => {
      dropped += 1;
    });
    for (let i = 0; i < 30; i += 1) sink.send('x'.repeat(50));
    await tick();
    expect(response.destroyed).toBe(true);
    expect(dropped).toBe(1);
    sink.send('late');
    expect(response.written).not.toContain('late');
    expect(sink.open).toBe(false);
  });

  it('makes a replay wait for the client to drain', async () => {
    const response = new StuckResponse();
    const sink = createSseSink(response, 10_000);
    await sink.room();
    sink.send('y'.repeat(200));
    let ready = false;
    const waiting = sink.room().then(() => {
      ready = true;
    });
    await tick();
    expect(ready).toBe(false);
    response.drain();
    await waiting;
    expect(ready).toBe(true);
  });

  it('ends the response on close', () => {
    const response = new StuckResponse();
    const sink = createSseSink(response, 1000);
    sink.close();
    expect(response.ended).toBe(true);
    expect(sink.open).toBe(false);
  });
});

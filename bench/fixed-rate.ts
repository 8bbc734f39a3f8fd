import { Agent, request } from 'node:http';

export interface FixedRateRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A fixed body, or a new one per request. */
  body?: string | (() => string);
}

export interface FixedRateResult {
  /** Milliseconds from the scheduled send time to the end of the response, per request. */
  times: number[];
  statuses: Record<number, number>;
  errors: number;
  sent: number;
}

/**
 * Open-loop load at a fixed rate: requests are sent on an even schedule whether or not earlier ones have
 * answered, and each latency counts from the scheduled time, so a stalled server shows up as latency instead
 * of silently lowering the rate (autocannon's per-connection rate limit sends in synchronised bursts).
 */
export async function runFixedRate(
  url: string,
  spec: FixedRateRequest,
  ratePerSecond: number,
  durationS: number,
): Promise<FixedRateResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const result: FixedRateResult = { times: [], statuses: {}, errors: 0, sent: 0 };
  const total = Math.round(ratePerSecond * durationS);
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  const inflight: Promise<void>[] = [];

  const send = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const body = typeof spec.body === 'function' ? spec.body() : spec.body;
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: spec.path,
          method: spec.method,
          agent,
          headers: { ...spec.headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            result.times.push(performance.now() - scheduled);
            result.statuses[res.statusCode ?? 0] = (result.statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        result.errors += 1;
        resolve();
      });
      req.end(body);
    });

  while (result.sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    for (; result.sent < due; result.sent++) inflight.push(send(start + result.sent * interval));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  agent.destroy();
  return result;
}

import { describe, expect, it, vi } from 'vitest';
import { toAppError } from '../../src/api/to-app-error.ts';
import { bestCoupon, type Coupon, cartCharges } from '../../src/basket/cart-charges.ts';
import { decodeCursor, encodeCursor } from '../../src/catalog/read/cursor.ts';
import { createLogWriter } from '../../src/observability/log-writer.ts';
import { AppError, ErrorCode } from '../../src/shared/errors.ts';
import { createLogger } from '../../src/shared/logger.ts';

const fees = {
  delivery_fee: 30,
  free_delivery_above: 199,
  handling_fee: 11,
  small_cart_fee: 20,
  small_cart_below: 99,
};
const coupon = (c: Partial<Coupon>): Coupon => ({
  platform_id: 1,
  code: 'C',
  percent_off: null,
  amount_off: null,
  max_discount: null,
  min_cart_value: 0,
  ...c,
});

describe('cartCharges (paise in, rupees out)', () => {
  it('charges delivery below the free threshold and a small-cart fee below its threshold', () => {
    expect(cartCharges(5000, fees, [])).toMatchObject({
      items_total: 50,
      delivery_charge: 30,
      handling_charge: 11,
      small_cart_charge: 20,
      total: 111,
    });
    expect(cartCharges(19_900, fees, [])).toMatchObject({
      delivery_charge: 0,
      small_cart_charge: 0,
      total: 210,
    });
  });

  it('takes the coupon saving most, capped by max_discount and gated by min_cart_value', () => {
    const coupons = [
      coupon({ code: 'FLAT50', amount_off: 50, min_cart_value: 499 }),
      coupon({ code: 'TEN', percent_off: 10, max_discount: 120, min_cart_value: 599 }),
    ];
    expect(bestCoupon(40_000, coupons)).toBeNull();
    expect(bestCoupon(50_000, coupons)).toEqual({ code: 'FLAT50', discount: 5000 });
    expect(bestCoupon(60_000, coupons)).toEqual({ code: 'TEN', discount: 6000 });
    expect(bestCoupon(500_000, coupons)).toEqual({ code: 'TEN', discount: 12_000 });
    expect(cartCharges(60_000, fees, coupons)).toMatchObject({
      coupon_code: 'TEN',
      coupon_discount: 60,
      total: 551,
    });
  });

  it('is no order (all zero fees) on a platform without fees in the city', () => {
    expect(cartCharges(10_000, null, [])).toMatchObject({
      delivery_charge: 0,
      handling_charge: 0,
      total: 100,
    });
  });
});

describe('page cursors', () => {
  it('round-trips a position for the same filters and rejects anything else with BAD_REQUEST', () => {
    const cursor = encodeCursor({ value: 0.8125, id: 42 }, { q: 'milk' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { q: 'milk' })).toEqual({ value: 0.8125, id: 42 });
    for (const bad of ['', 'abc', Buffer.from('{"v":1}').toString('base64url')]) {
      expect(() => decodeCursor(bad, { q: 'milk' })).toThrow(AppError);
    }
    expect(() => decodeCursor(cursor, { q: 'butter' })).toThrow(/different filters/);
  });
});

describe('toAppError', () => {
  it('maps lost database connections to DATABASE_UNAVAILABLE, also when wrapped', () => {
    const cases = [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      new AppError(ErrorCode.Internal, 'The query failed to run.', {
        cause: new Error('Connection terminated'),
      }),
    ];
    for (const error of cases) expect(toAppError(error).code).toBe(ErrorCode.DatabaseUnavailable);
  });

  it('keeps domain errors, maps Fastify 4xx errors by status and hides everything else', () => {
    expect(toAppError(new AppError(ErrorCode.QueryRefused, 'no')).code).toBe(ErrorCode.QueryRefused);
    expect(toAppError(Object.assign(new Error('too big'), { statusCode: 413 })).code).toBe(
      ErrorCode.PayloadTooLarge,
    );
    expect(toAppError(Object.assign(new Error('bad'), { statusCode: 415 })).code).toBe(ErrorCode.BadRequest);
    const hidden = toAppError(Object.assign(new Error('syntax error at or near'), { code: '42601' }));
    expect(hidden).toMatchObject({ code: ErrorCode.Internal, message: 'Internal server error' });
  });
});

describe('log writer', () => {
  const metrics = () => ({ logWritesDropped: { inc: vi.fn() } });
  const entry = { keyLabel: 'anonymous', keyId: null, route: '/r', method: 'GET', status: 200, ms: 2 };

  it('aggregates usage per minute and writes nothing until flushed', async () => {
    const query = vi.fn(async () => ({ rows: [], rowCount: 0 }));
    const writer = createLogWriter({
      db: { query, exec: vi.fn() },
      logger: createLogger('silent'),
      metrics: metrics() as never,
      intervalMs: 60_000,
    });
    writer.recordUsage(entry);
    writer.recordUsage({ ...entry, ms: 4 });
    expect(query).not.toHaveBeenCalled();
    await writer.close();
    expect(query).toHaveBeenCalledTimes(1);
    const rows = JSON.parse((query.mock.calls[0] as unknown as [string, [string]])[1][0]);
    expect(rows).toEqual([
      expect.objectContaining({ key_label: 'anonymous', request_count: 2, total_ms: 6 }),
    ]);
  });

  it('drops and counts a failed write instead of throwing, and strips NUL and lone surrogates', async () => {
    const m = metrics();
    const query = vi.fn(async () => {
      throw new Error('database is down');
    });
    const writer = createLogWriter({
      db: { query, exec: vi.fn() },
      logger: createLogger('silent'),
      metrics: m as never,
      intervalMs: 60_000,
    });
    writer.recordError({ error_code: 'X', message: 'a\u0000b\uD800', route: null, request_id: 'r' });
    await expect(writer.close()).resolves.toBeUndefined();
    expect(m.logWritesDropped.inc).toHaveBeenCalledWith({ kind: 'error' }, 1);
    const [row] = JSON.parse((query.mock.calls[0] as unknown as [string, [string]])[1][0]);
    expect(row.message).toBe('a\uFFFDb\uFFFD');
  });
});

import { describe, expect, it } from 'vitest';
import type { CityState, ListingState } from '../../../src/catalog/import/listing-state.ts';
import { diffStates } from '../../../src/catalog/import/write-events.ts';

const city = (inStock: boolean, etaMinutes: number | null): CityState => ({
  pincode: null,
  inStock,
  stockQty: null,
  etaMinutes,
});

const state = (overrides: Partial<ListingState> = {}): ListingState => ({
  productId: 7,
  platformId: 2,
  price: 50,
  mrp: 60,
  member: null,
  flashSale: false,
  offers: new Map(),
  observedAt: '2026-11-20T06:30:00.000Z',
  stockObservedAt: '2026-11-20T06:30:00.000Z',
  cities: new Map([
    [1, city(true, 10)],
    [2, city(false, 30)],
  ]),
  ...overrides,
});

describe('change-log diff', () => {
  it('reports nothing when nothing the stream shows changed', () => {
    expect(
      diffStates(new Map([[1, state()]]), new Map([[1, state({ observedAt: '2026-11-20T07:00:00.000Z' })]])),
    ).toEqual([]);
  });

  it('reports a new listing once, as a price event from null', () => {
    expect(diffStates(new Map(), new Map([[1, state()]]))).toEqual([
      expect.objectContaining({
        kind: 'price',
        listingId: 1,
        oldPrice: null,
        newPrice: 50,
        mrp: 60,
        cityId: null,
      }),
    ]);
  });

  it('reports price, stock and ETA changes per city with old and new values', () => {
    const after = state({
      price: 45,
      cities: new Map([
        [1, city(false, 25)],
        [3, city(true, null)],
      ]),
    });
    const events = diffStates(new Map([[1, state()]]), new Map([[1, after]]));
    expect(events.map((e) => [e.kind, e.cityId])).toEqual([
      ['price', null],
      ['stock', 1],
      ['eta', 1],
      ['stock', 2],
      ['eta', 2],
      ['stock', 3],
    ]);
    expect(events[0]).toMatchObject({ oldPrice: 50, newPrice: 45, changedAt: after.observedAt });
    expect(events[1]).toMatchObject({ oldInStock: true, newInStock: false });
    expect(events[2]).toMatchObject({ oldEtaMinutes: 10, newEtaMinutes: 25 });
    // City 2 is no longer listed; city 3 is new.
    expect(events[3]).toMatchObject({ oldInStock: false, newInStock: null });
    expect(events[4]).toMatchObject({ oldEtaMinutes: 30, newEtaMinutes: null });
    expect(events[5]).toMatchObject({ oldInStock: null, newInStock: true });
  });

  it('reports a flash sale starting as one flash_sale event carrying the price move', () => {
    const events = diffStates(new Map([[1, state()]]), new Map([[1, state({ price: 40, flashSale: true })]]));
    expect(events).toEqual([expect.objectContaining({ kind: 'flash_sale', oldPrice: 50, newPrice: 40 })]);
  });
});

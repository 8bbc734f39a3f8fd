/**
 * Seeded pseudo-random numbers for demo data: the same seed always gives the same stream, so a demo catalog
 * is reproducible. mulberry32 is tiny and fast, which matters at tens of millions of draws; it is not for
 * anything secret.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One item, each as likely as its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let roll = this.next() * total;
    for (let i = 0; i < items.length; i += 1) {
      roll -= weights[i] ?? 0;
      if (roll < 0) return items[i]!;
    }
    return this.pick(items);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = items[i]!;
      items[i] = items[j]!;
      items[j] = swap;
    }
    return items;
  }

  /** Roughly normal (mean 0, sd 1, bounded at ±3.5): a sum of four uniforms is plenty for prices. */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }
}

/** Avalanche mix of a 32-bit value (murmur3 finaliser). */
function fmix32(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A 32-bit seed from several parts, so independent streams (one per product, per platform…) can be derived
 * without drawing from a shared stream: each stays the same however the others are consumed.
 */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === 'number') {
      h = fmix32(h ^ Math.imul((part | 0) ^ Math.floor(part / 4294967296), 0x9e3779b1));
    } else {
      for (let i = 0; i < part.length; i += 1) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      h = fmix32(h ^ part.length);
    }
  }
  return h;
}

/**
 * A keyed bijection on [0, 2^bits): distinct inputs give distinct, random-looking outputs, which makes SKUs
 * and barcodes unique by construction rather than by luck.
 */
export function permute(value: number, bits: number, key: number): number {
  const mask = bits >= 32 ? -1 : 2 ** bits - 1;
  const shift = bits >>> 1;
  let x = (value ^ key) & mask;
  for (let round = 0; round < 3; round += 1) {
    x = Math.imul(x, 0x2c1b3c6d | 1) & mask;
    x ^= x >>> shift;
    x = (x + (key >>> round)) & mask;
    x ^= x >>> (shift + 1);
  }
  return x >>> 0;
}

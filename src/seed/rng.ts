/**
 * A small seeded pseudo-random generator (sfc32, seeded through cyrb128) with the helpers the
 * seeder needs. Every concern draws from its own named stream, so changing how, say, service
 * records are generated does not change the residents generated for the same seed.
 */

/** A value and its relative weight. */
export type Weighted<T> = readonly [value: T, weight: number];

/** Hashes a string to four 32-bit words (cyrb128), used to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A precomputed table for fast weighted picks (binary search over cumulative weights). */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  readonly total: number;

  constructor(entries: readonly Weighted<T>[]) {
    this.values = [];
    this.cumulative = [];
    let total = 0;
    for (const [value, weight] of entries) {
      if (!(weight >= 0)) throw new RangeError('weights must be non-negative');
      if (weight === 0) continue;
      total += weight;
      this.values.push(value);
      this.cumulative.push(total);
    }
    if (total <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = total;
  }

  /** Maps a uniform number in [0, 1) to a value. */
  at(unit: number): T {
    const target = unit * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for one named stream of one seed. */
  constructor(seed: number, stream: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(`${seed}:${stream}`);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A weighted pick; prefer a {@link WeightedTable} for hot paths. */
  weighted<T>(table: WeightedTable<T> | readonly Weighted<T>[]): T {
    const t = table instanceof WeightedTable ? table : new WeightedTable(table);
    return t.at(this.next());
  }

  /** A normally distributed number (Box–Muller), optionally clamped to [min, max]. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, mean + sd * z));
  }

  /** A string of `length` random decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

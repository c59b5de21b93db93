/**
 * The one seeded random generator of the library. Everything random (initialisation,
 * shuffles, splits, sampling) takes a {@link Random} or a `seed` and never calls `Math.random`,
 * so the same seed gives the same numbers on every machine.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32: fast, 32-bit
 * integer arithmetic only, and a period of 2^128 − 1.
 *
 * @example
 * const rng = new Random(42);
 * rng.next();        // a float in [0, 1)
 * rng.int(10);       // an integer in 0..9
 * rng.shuffle([1, 2, 3]);
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** @param seed any integer; equal seeds give equal sequences. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    }
    let state = Math.trunc(seed) >>> 0;
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float uniformly distributed in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A float uniformly distributed in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** An integer uniformly distributed in 0..n-1. */
  int(n: number): number {
    if (!(n > 0)) throw new RangeError(`Random.int: n must be positive, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box–Muller, the spare value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A new generator whose seed is drawn from this one: for independent streams (e.g. workers). */
  fork(): Random {
    return new Random(this.uint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

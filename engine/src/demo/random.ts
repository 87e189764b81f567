import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Draws of the shapes a customer history needs, from one seeded pure-rand generator. */
export class Draw {
  constructor(private readonly rng: RandomGenerator) {}

  /** Uniform in [0, 1). */
  unit(): number {
    return uniformFloat64(this.rng);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.unit() < p;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.unit() * (max - min + 1));
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let left = this.unit() * total;
    for (const [item, weight] of items) {
      left -= weight;
      if (left < 0) return item;
    }
    const last = items.at(-1);
    if (!last) throw new Error('weighted() needs at least one item');
    return last[0];
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.unit() * items.length)];
    if (item === undefined) throw new Error('pick() needs at least one item');
    return item;
  }

  /** Exponentially distributed with this mean (waiting times between independent events). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.unit());
  }

  /** Log-normally distributed with this median and log-scale spread (skewed delays, order values). */
  logNormal(median: number, sigma: number): number {
    // Box-Muller: a standard normal from two uniforms.
    const normal = Math.sqrt(-2 * Math.log(1 - this.unit())) * Math.cos(2 * Math.PI * this.unit());
    return median * Math.exp(sigma * normal);
  }
}

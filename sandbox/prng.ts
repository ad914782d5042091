/** A seeded PRNG (mulberry32): the sandbox's data must be identical for a given seed, so no Math.random. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** `count` distinct items in their original order. */
  sample<T>(items: readonly T[], count: number): T[];
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    chance: (probability: number) => next() < probability,
    sample<T>(items: readonly T[], count: number): T[] {
      const indexes = new Set<number>();
      const wanted = Math.min(count, items.length);
      while (indexes.size < wanted) indexes.add(int(0, items.length - 1));
      return [...indexes].sort((a, b) => a - b).map((i) => items[i] as T);
    },
  };
}

/** Rounds to cents, as BigCommerce prices are. */
export const cents = (value: number): number => Math.round(value * 100) / 100;

export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** BigCommerce's ISO 8601 form with an explicit offset: `2018-08-15T14:48:46+00:00`. */
export const bcDate = (ms: number): string =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

import { boolParam, intListParam, intParam, stringListParam, stringParam } from './query.js';

type Check<T> = (item: T) => boolean;

/**
 * A small builder for list filters shared by brands and categories: each `field` call reads
 * one query parameter and, when present, adds a check.
 */
export class ListFilter<T> {
  private readonly checks: Check<T>[] = [];

  constructor(private readonly query: URLSearchParams) {}

  int(name: string, get: (item: T) => number): this {
    const value = intParam(this.query, name);
    if (value !== undefined) this.checks.push((item) => get(item) === value);
    return this;
  }

  intIn(name: string, get: (item: T) => number, negate = false): this {
    const values = intListParam(this.query, name);
    if (values) {
      const set = new Set(values);
      this.checks.push((item) => set.has(get(item)) !== negate);
    }
    return this;
  }

  stringIn(name: string, get: (item: T) => string, negate = false): this {
    const values = stringListParam(this.query, name);
    if (values) {
      const set = new Set(values);
      this.checks.push((item) => set.has(get(item)) !== negate);
    }
    return this;
  }

  equals(name: string, get: (item: T) => string): this {
    const value = stringParam(this.query, name);
    if (value !== undefined) this.checks.push((item) => get(item) === value);
    return this;
  }

  like(name: string, get: (item: T) => string): this {
    const value = stringParam(this.query, name)?.toLowerCase();
    if (value !== undefined) this.checks.push((item) => get(item).toLowerCase().includes(value));
    return this;
  }

  bool(name: string, get: (item: T) => boolean): this {
    const value = boolParam(this.query, name);
    if (value !== undefined) this.checks.push((item) => get(item) === value);
    return this;
  }

  apply(items: readonly T[]): T[] {
    return items.filter((item) => this.checks.every((check) => check(item)));
  }
}

/** Stable sort by a key, ties by id; `direction=desc` reverses. */
export function sortBy<T extends { id?: number }>(
  items: T[],
  key: ((item: T) => string | number) | undefined,
  direction: 'asc' | 'desc' | undefined,
): T[] {
  if (!key) return items;
  const sign = direction === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return order === 0 ? (a.id ?? 0) - (b.id ?? 0) : sign * order;
  });
}

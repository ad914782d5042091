/** Collects what an operation was served from cache past its freshness, so the client can be told. */
export interface StaleEntry {
  resource: string;
  ageMs: number;
  reason: 'revalidating' | 'upstream-error';
}

export interface StaleReport {
  add(entry: StaleEntry): void;
  entries(): readonly StaleEntry[];
}

export function createStaleReport(): StaleReport {
  const list: StaleEntry[] = [];
  return {
    add: (entry) => {
      list.push(entry);
    },
    entries: () => list,
  };
}

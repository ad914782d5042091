import type { IdempotencyStore, IdempotencyStoreOptions } from './idempotency.js';

export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  void options;
  // Skeleton: replaced by the idempotency work.
  return { run: (_request, work) => work(), close: async () => {} };
}

import type { SandboxStore } from '../store.js';

/** Carts and their checkouts (a checkout's id is its cart's), mutable in process. */
export class CartStore {
  constructor(private readonly catalog: SandboxStore) {}
}

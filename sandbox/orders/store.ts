import type { SandboxStore } from '../store.js';

/** Orders v2 with their products, addresses, shipments and payments, mutable in process. */
export class OrderStore {
  constructor(private readonly catalog: SandboxStore) {}
}

import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';

/** `orders.v2.oas2.yml`: orders, products, shipping addresses, shipments, status updates. */
export function registerOrderRoutes(router: Router, store: SandboxStore): void {
  void router;
  void store;
}

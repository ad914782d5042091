import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';

/** `checkouts.v3.yml`. */
export function registerCheckoutRoutes(router: Router, store: SandboxStore): void {
  void router;
  void store;
}

import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';

/** `carts.v3.yml`. */
export function registerCartRoutes(router: Router, store: SandboxStore): void {
  void router;
  void store;
}

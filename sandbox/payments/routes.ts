import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';

/** `payments/*.yml` on the API origin: access tokens and accepted methods. */
export function registerPaymentRoutes(router: Router, store: SandboxStore): void {
  void router;
  void store;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestCounters } from '../counters.js';
import type { SandboxStore } from '../store.js';

export interface PaymentOriginDeps {
  storeHash: string;
  store: SandboxStore;
  counters: RequestCounters;
}

/** The payments origin's path: `/stores/{store_hash}/payments` (`payments/process_payments.yml`). */
export const PAYMENTS_PATH = /^\/stores\/[^/]+\/payments\/?$/;

/** `POST /stores/{hash}/payments` with `Authorization: PAT <token>`. */
export async function handlePayment(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: PaymentOriginDeps,
): Promise<void> {
  void req;
  void url;
  void deps;
  // Skeleton: the payments work replaces this.
  res.writeHead(404).end();
}

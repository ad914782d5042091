import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomerStore } from '../customers/store.js';

export interface LoginTokenDeps {
  storeHash: string;
  clientId: string;
  clientSecret: string;
  customers: CustomerStore;
  now: () => number;
}

/** `customer_login.yml`: `GET /login/token/{jwt}` on the storefront's origin. */
export async function handleLoginToken(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: LoginTokenDeps,
): Promise<void> {
  void req;
  void url;
  void deps;
  // Skeleton: the Customer Login API work replaces this.
  res.writeHead(404).end();
}

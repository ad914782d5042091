import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';

/** What BigCommerce would send a gateway for `scope` about `data`, signed as it signs callbacks. */
export function signedCallback(options: {
  clientSecret: string;
  storeHash: string;
  scope: string;
  data: Record<string, unknown>;
  /** A redelivery reuses the first delivery's id. */
  id?: string;
}): { id: string; body: string; headers: Record<string, string> } {
  const id = options.id ?? randomUUID();
  const body = JSON.stringify({
    scope: options.scope,
    store_id: '1001',
    producer: `stores/${options.storeHash}`,
    hash: id,
    created_at: Math.floor(Date.now() / 1000),
    data: options.data,
  });
  const at = new Date();
  const signer = new Webhook(Buffer.from(options.clientSecret).toString('base64'));
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signer.sign(id, at, body),
    },
  };
}

/** POSTs a callback; resolves the status (or 0 when the gateway could not be reached). */
export async function deliver(
  url: string,
  callback: { body: string; headers: Record<string, string> },
): Promise<number> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: callback.headers,
      body: callback.body,
    });
    await response.body.dump();
    return response.statusCode;
  } catch {
    return 0;
  }
}

import type { Sandbox } from '../../sandbox/server.js';

/** Changes a variant the way a merchant's tool would: the sandbox's spec'd `PUT`, over HTTP. */
export async function putVariant(
  sandbox: Sandbox,
  productId: number,
  variantId: number,
  patch: Record<string, unknown>,
): Promise<{ status: number; body: { data?: Record<string, unknown> } }> {
  const path = `/stores/${sandbox.storeHash}/v3/catalog/products/${productId}/variants/${variantId}`;
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-token': sandbox.accessToken,
    },
    body: JSON.stringify(patch),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: Record<string, unknown> },
  };
}

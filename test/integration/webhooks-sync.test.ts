import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_WEBHOOK_SCOPES } from '../../src/webhooks/scopes.js';
import { waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { webhookCounts, webhookUrl } from './webhooks-support.js';

const run = promisify(execFile);

let stack: Stack;
let destination: string;

/** `npm run webhooks:sync` against the sandbox, as an operator runs it. */
async function sync(...extra: string[]) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/webhooks-sync.ts', '--destination', destination, ...extra],
    {
      env: {
        ...process.env,
        BIGCOMMERCE_STORE_HASH: stack.sandbox.storeHash,
        BIGCOMMERCE_ACCESS_TOKEN: stack.sandbox.accessToken,
        BIGCOMMERCE_API_URL: stack.sandbox.url,
        LOG_LEVEL: 'silent',
      },
    },
  );
  return stdout.trim().split('\n');
}

/** The store's hooks as BigCommerce lists them. */
async function hooks(): Promise<
  { id: number; scope: string; is_active: boolean; headers: Record<string, string> | null }[]
> {
  const response = await fetch(
    `${stack.sandbox.url}/stores/${stack.sandbox.storeHash}/v3/hooks?limit=250`,
    {
      headers: { 'x-auth-token': stack.sandbox.accessToken, accept: 'application/json' },
    },
  );
  return ((await response.json()) as { data: never[] }).data;
}

async function hookCall(method: 'POST' | 'PUT', path: string, body: unknown) {
  const response = await fetch(
    `${stack.sandbox.url}/stores/${stack.sandbox.storeHash}/v3/hooks${path}`,
    {
      method,
      headers: {
        'x-auth-token': stack.sandbox.accessToken,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    },
  );
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 20 } });
  destination = webhookUrl(stack.endpoint);
});
afterAll(() => stack?.close());

describe('npm run webhooks:sync against the sandbox', () => {
  it('registers every scope the gateway needs, then changes nothing on a second run', async () => {
    const first = await sync();
    expect(first.filter((line) => line.startsWith('created'))).toHaveLength(
      GATEWAY_WEBHOOK_SCOPES.length,
    );
    const registered = await hooks();
    expect(registered.map((h) => h.scope).sort()).toEqual([...GATEWAY_WEBHOOK_SCOPES].sort());
    expect(registered.every((h) => h.is_active && h.headers?.['X-Gateway-Hook'] === 'bcgw')).toBe(
      true,
    );

    expect(await sync()).toEqual(['webhooks: up to date, nothing changed']);
    expect(await hooks()).toEqual(registered);
  });

  it('reactivates its deactivated hooks and removes its stale ones, leaving others alone', async () => {
    const [first] = await hooks();
    await hookCall('PUT', `/${first!.id}`, { is_active: false });
    // Stale: the gateway's mark, a scope it no longer needs. Foreign: no mark.
    await hookCall('POST', '', {
      scope: 'store/app/uninstalled',
      destination,
      headers: { 'X-Gateway-Hook': 'bcgw' },
    });
    await hookCall('POST', '', { scope: 'store/information/updated', destination });

    const lines = await sync();
    expect(lines.filter((l) => l.startsWith('reactivated'))).toEqual([
      expect.stringContaining(`#${first!.id} ${first!.scope}`),
    ]);
    expect(lines.filter((l) => l.startsWith('removed'))).toEqual([
      expect.stringContaining('store/app/uninstalled'),
    ]);
    expect(lines.filter((l) => l.startsWith('created'))).toEqual([]);
    const after = await hooks();
    expect(after.find((h) => h.id === first!.id)?.is_active).toBe(true);
    expect(after.some((h) => h.scope === 'store/information/updated')).toBe(true);
    expect(await sync()).toEqual(['webhooks: up to date, nothing changed']);
  });

  it('the registered hooks call the gateway back: a product change reaches it, signed and fresh', async () => {
    const query = '{ product(entityId: 2) { name } }';
    await stack.query(query);
    const counts = await webhookCounts(stack.metrics);
    stack.sandbox.store.updateProduct(2, { name: 'Changed in the store' });
    await stack.sandbox.hooks.whenDelivered(1, (r) => r.scope === 'store/product/updated');
    await waitFor(async () => (await webhookCounts(stack.metrics)).published > counts.published);
    const { body } = await stack.query<{ product: { name: string } }>(query);
    expect(body.data?.product.name).toBe('Changed in the store');
    expect((await webhookCounts(stack.metrics)).refused).toBe(counts.refused);
  });
});

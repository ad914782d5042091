import type { Agent } from 'undici';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { startGateway } from '../gateway.js';
import { type LoadResult, runLoad } from '../load.js';
import { LISTING_QUERY } from '../queries.js';
import type { RemoteSandbox } from '../sandbox-client.js';
import type { RunShape } from './gateway-cache.js';

const ROUNDS = 3;

export interface AuthCostResult {
  /** Warm listing, entity cache only (RESPONSE_CACHE_TTL_S=0): the same work for every viewer. */
  anonymous: LoadResult;
  partnerKey: LoadResult;
  customer: LoadResult;
}

/**
 * What authenticating costs on the warm path: one gateway with the whole-response cache off (a
 * key's or a customer's answer is never shared, so it would not apply to them anyway), the same
 * warm listing asked anonymously, with a partner key (a key-store read and a hash) and with a
 * customer access token (a JWT check and a session read). Runs alternate so drift hits all three.
 */
export async function measureAuthCost(options: {
  sandbox: RemoteSandbox;
  agent: Agent;
  shape: RunShape;
  env?: Record<string, string>;
}): Promise<AuthCostResult> {
  const gateway = await startGateway(options.sandbox, options.agent, {
    RESPONSE_CACHE_TTL_S: '0',
    ...options.env,
  });
  try {
    const { key } = await gateway.app.keys.create({ name: 'bench', scopes: ['catalog:read'] });
    const token = await signIn(gateway.endpoint);
    const viewers = {
      anonymous: {},
      partnerKey: { authorization: `Bearer ${key}` },
      customer: { authorization: `Bearer ${token}` },
    };
    for (const headers of Object.values(viewers)) {
      const outcome = await gateway.query(LISTING_QUERY, undefined, headers);
      if (outcome !== 'ok') throw new Error(`auth-cost priming query failed: ${outcome}`);
    }
    const run = (headers: Record<string, string>) =>
      runLoad({ ...options.shape, task: () => gateway.query(LISTING_QUERY, undefined, headers) });
    // One warm-up round, then ROUNDS rounds in a rotating order; each viewer's median run is kept,
    // so a noisy moment on a shared machine does not decide the comparison.
    const names = Object.keys(viewers) as (keyof typeof viewers)[];
    for (const name of names) await run(viewers[name]);
    const runs = new Map(names.map((name) => [name, [] as LoadResult[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + round) % names.length]!;
        runs.get(name)!.push(await run(viewers[name]));
      }
    }
    const median = (name: keyof typeof viewers) => {
      const sorted = [...runs.get(name)!].sort((a, b) => a.rps - b.rps);
      return sorted[Math.floor(sorted.length / 2)]!;
    };
    return {
      anonymous: median('anonymous'),
      partnerKey: median('partnerKey'),
      customer: median('customer'),
    };
  } finally {
    await gateway.close();
  }
}

async function signIn(endpoint: string): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation L($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }',
      variables: { input: DEMO_CUSTOMER_CREDENTIALS },
    }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken?: string } } };
  const token = body.data?.login?.accessToken;
  if (!token) throw new Error('auth-cost: the demo customer could not sign in');
  return token;
}

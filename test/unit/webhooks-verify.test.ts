import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createWebhookVerifier } from '../../src/webhooks/verify.js';

const SECRET = 'the-app-client-secret';
const STORE = 'abc123';
const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
const body = JSON.stringify({
  scope: 'store/product/updated',
  store_id: '1025646',
  data: { type: 'product', id: 205 },
  hash: 'a833a57fadd56a32dc752fb6ca0841dc9602a495',
  created_at: NOW / 1000 - 2,
  producer: `stores/${STORE}`,
});

/** Signs the way BigCommerce does: Standard Webhooks keyed by the base64 of the client secret. */
function signed(payload: string, { secret = SECRET, at = NOW, id = 'msg_1' } = {}) {
  const signer = new Webhook(Buffer.from(secret).toString('base64'));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': signer.sign(id, new Date(at), payload),
  };
}

const verifier = (extra: Partial<Parameters<typeof createWebhookVerifier>[0]> = {}) =>
  createWebhookVerifier({
    clientSecret: SECRET,
    storeHash: STORE,
    toleranceSeconds: 300,
    now: () => NOW,
    ...extra,
  });

describe('webhook verification', () => {
  it('accepts a callback signed with the client secret, and returns its parsed body', () => {
    const result = verifier()(Buffer.from(body), signed(body));
    expect(result).toMatchObject({ ok: true, id: 'msg_1' });
    expect(result.ok && result.callback.data).toEqual({ type: 'product', id: 205 });
  });

  it('accepts any v1 signature of several (secret rotation)', () => {
    const headers = signed(body);
    headers['webhook-signature'] = `v1,bm90LWl0 ${headers['webhook-signature']}`;
    expect(verifier()(Buffer.from(body), headers).ok).toBe(true);
  });

  it('refuses a tampered body', () => {
    const tampered = body.replace('"id":205', '"id":206');
    expect(verifier()(Buffer.from(tampered), signed(body))).toEqual({
      ok: false,
      status: 401,
      reason: 'bad signature',
    });
  });

  it('refuses a callback signed with another secret', () => {
    const result = verifier()(Buffer.from(body), signed(body, { secret: 'another-secret' }));
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
  });

  it('refuses a signature made for another webhook id (replayed under a new id)', () => {
    const headers = { ...signed(body), 'webhook-id': 'msg_2' };
    expect(verifier()(Buffer.from(body), headers)).toMatchObject({ reason: 'bad signature' });
  });

  it('refuses stale and future timestamps by the injected clock, within tolerance either way', () => {
    const verify = verifier();
    const at = (ms: number) => verify(Buffer.from(body), signed(body, { at: NOW + ms }));
    expect(at(-301_000)).toMatchObject({ ok: false, status: 401, reason: 'stale timestamp' });
    expect(at(301_000)).toMatchObject({ ok: false, status: 401, reason: 'future timestamp' });
    expect(at(-299_000).ok).toBe(true);
    expect(at(299_000).ok).toBe(true);
    // Far from the real clock: only the injected one counts.
    const later = verifier({ now: () => NOW + 3_600_000 });
    expect(later(Buffer.from(body), signed(body))).toMatchObject({ reason: 'stale timestamp' });
  });

  it('uses the configured tolerance', () => {
    const strict = verifier({ toleranceSeconds: 10 });
    expect(strict(Buffer.from(body), signed(body, { at: NOW - 11_000 }))).toMatchObject({
      reason: 'stale timestamp',
    });
  });

  it('refuses a callback from another store (producer)', () => {
    const other = body.replace(`stores/${STORE}`, 'stores/zzz999');
    expect(verifier()(Buffer.from(other), signed(other))).toEqual({
      ok: false,
      status: 401,
      reason: 'wrong producer',
    });
  });

  it('refuses missing or malformed signature headers', () => {
    const verify = verifier();
    const headers = signed(body);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const { [name]: _dropped, ...rest } = headers;
      expect(verify(Buffer.from(body), rest)).toMatchObject({
        reason: 'missing signature headers',
      });
    }
    expect(verify(Buffer.from(body), { ...headers, 'webhook-timestamp': 'soon' })).toMatchObject({
      reason: 'missing signature headers',
    });
  });

  it('requires the hook custom header when configured, compared exactly', () => {
    const verify = verifier({ requiredHeader: ['x-gateway-hook', 'bcgw'] });
    const headers = signed(body);
    expect(verify(Buffer.from(body), headers)).toMatchObject({
      status: 401,
      reason: 'missing required header',
    });
    expect(verify(Buffer.from(body), { ...headers, 'x-gateway-hook': 'bcgx' })).toMatchObject({
      reason: 'missing required header',
    });
    expect(verify(Buffer.from(body), { ...headers, 'x-gateway-hook': 'bcgw' }).ok).toBe(true);
  });

  it('answers 400 for a signed body that is not a callback', () => {
    const junk = JSON.stringify({ scope: 'store/product/updated' });
    expect(verifier()(Buffer.from(junk), signed(junk))).toEqual({
      ok: false,
      status: 400,
      reason: 'malformed body',
    });
  });
});

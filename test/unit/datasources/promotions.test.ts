import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { PromotionsApi } from '../../../src/datasources/promotions.js';
import { DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS } from '../../helpers/documented-extras.js';
import {
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
} from '../../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../../helpers/sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../../fixtures/bigcommerce/openapi/', import.meta.url));

let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let promotions: PromotionsApi;
let contract: OpenApiContract;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 5, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  http = sandboxHttpClient(sandbox, { dispatcher: recorder.dispatcher });
  promotions = new PromotionsApi(http, { requestId: 'promotions-test' });
  contract = await loadContract(SPECS, DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS);
});

afterAll(async () => {
  await http?.close();
  await sandbox?.close();
  await recorder?.close();
});

describe('PromotionsApi against the sandbox store', () => {
  it('every request it builds validates against promotions.v3.yml', async () => {
    recorder.requests.length = 0;
    const created = await promotions.createPromotion({
      redemption_type: 'COUPON',
      name: 'Ten percent',
      rules: [{ action: { cart_value: { discount: { percentage_amount: '10' } } } }],
      status: 'ENABLED',
      start_date: '2026-01-01T00:00:00.000Z',
      end_date: '2099-01-01T00:00:00.000Z',
      coupon_type: 'SINGLE',
    });
    expect(created).toMatchObject({ name: 'Ten percent', redemption_type: 'COUPON' });
    await promotions.getPromotion(created.id);
    const page = await promotions.listPromotions({ page: 1, limit: 10 });
    expect(page.data.map((p) => p.id)).toContain(created.id);
    await promotions.updatePromotion(created.id, {
      name: 'Five off',
      rules: [{ action: { cart_value: { discount: { fixed_amount: '5.00' } } } }],
    });
    const code = await promotions.createCode(created.id, { code: 'DS-TEST', max_uses: 3 });
    expect(await promotions.listCodes(created.id)).toEqual([
      expect.objectContaining({ code: 'DS-TEST' }),
    ]);
    await promotions.deleteCode(created.id, code.id);
    await promotions.deletePromotion(created.id);

    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set(
        [
          'createPromotion',
          'getPromotion',
          'getPromotions',
          'updatePromotion',
          'createPromotionCode',
          'getPromotionCodes',
          'deleteCouponCode',
          'deletePromotion',
        ].map((op) => `promotions.v3.yml#${op}`),
      ),
    );
  });

  it('a taken code is an UpstreamInputError naming the code field', async () => {
    const { id } = await promotions.createPromotion({
      redemption_type: 'COUPON',
      name: 'Dup',
      rules: [{ action: { cart_value: { discount: { percentage_amount: '5' } } } }],
      status: 'ENABLED',
    });
    await promotions.createCode(id, { code: 'TAKEN' });
    const error = await promotions.createCode(id, { code: 'taken' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamInputError);
    expect((error as UpstreamInputError).fields).toEqual({ code: 'is already in use' });
  });
});

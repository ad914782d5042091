import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { PromotionsApi } from '../../../src/datasources/promotions.js';
import { type ContractRig, startContractRig } from '../../helpers/contract-rig.js';
import type { OpenApiContract, recordingDispatcher } from '../../helpers/openapi-contract.js';

let rig: ContractRig;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let promotions: PromotionsApi;
let contract: OpenApiContract;

beforeAll(async () => {
  rig = await startContractRig({ products: 5 });
  ({ http, recorder, contract } = rig);
  promotions = new PromotionsApi(http, { requestId: 'promotions-test' });
});

afterAll(() => rig?.close());

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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamNotFoundError } from '../../../src/datasources/errors.js';
import { HooksApi } from '../../../src/datasources/hooks.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { type ContractRig, startContractRig } from '../../helpers/contract-rig.js';
import type { OpenApiContract, recordingDispatcher } from '../../helpers/openapi-contract.js';

let rig: ContractRig;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let hooks: HooksApi;
let contract: OpenApiContract;

beforeAll(async () => {
  rig = await startContractRig({ products: 3 });
  ({ http, recorder, contract } = rig);
  hooks = new HooksApi(http, { requestId: 'hooks-test' });
});

afterAll(() => rig?.close());

describe('the requests HooksApi builds', () => {
  it('validate against the official webhooks operations, and answer what the store holds', async () => {
    recorder.requests.length = 0;
    const created = await hooks.createHook({
      scope: 'store/product/updated',
      destination: 'https://hooks.example.com/unit',
      is_active: false,
    });
    expect(await hooks.listHooks({ is_active: false, scope: 'store/product/updated' })).toEqual([
      expect.objectContaining({ id: created.id, is_active: false }),
    ]);
    expect(await hooks.updateHook(created.id, { is_active: true })).toMatchObject({
      is_active: true,
    });
    await hooks.setNotificationEmails(['ops@example.com']);
    expect(await hooks.getAdmin()).toMatchObject({
      emails: ['ops@example.com'],
      hooks_list: [expect.objectContaining({ id: created.id, status: 'active' })],
      blocked_domains: [],
    });
    await expect(hooks.updateHook(999_999, { is_active: false })).rejects.toBeInstanceOf(
      UpstreamNotFoundError,
    );
    await hooks.deleteHook(created.id);
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set(
        [
          'createWebhooks',
          'getWebhooks',
          'updateWebhook',
          'updateHooksAdmin',
          'getHooksAdmin',
          'deleteWebhook',
        ].map((op) => `webhooks.v3.yml#${op}`),
      ),
    );
  });
});

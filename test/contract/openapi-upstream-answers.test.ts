import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_TYPE } from '../../sandbox/http.js';
import { createLogger } from '../../src/logger.js';
import { type Stack, startStack } from '../helpers/stack.js';

// How the gateway answers clients when BigCommerce refuses a request the gateway built, or sends
// a body that breaks the spec's schema: our words to the client, BigCommerce's words to the log.

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    done();
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 20 },
    logger: createLogger('info', sink),
    env: { CACHE_MODE: 'off', RESPONSE_CACHE_TTL_S: '0' },
  });
});
afterAll(() => stack?.close());
beforeEach(() => {
  lines.length = 0;
  stack.sandbox.faults.clear();
});

const LIST = 'GET /v3/catalog/products';

describe('a refused read is the gateway’s bug', () => {
  it.each([422, 400] as const)(
    'answers UPSTREAM_ERROR for a %i, with no upstream text, and logs the detail at error',
    async (status) => {
      const refusal = {
        status,
        title: 'UPSTREAM-TITLE-SECRET',
        type: ERROR_TYPE,
        errors: { include_fields: 'UPSTREAM-DETAIL-SECRET' },
      };
      stack.sandbox.faults.inject({ route: LIST, kind: 'status', status, body: refusal });
      const { body, response } = await stack.query(
        `{ products(first: ${status === 422 ? 2 : 3}) { edges { node { name } } } }`,
      );
      expect(response.status).toBe(200);
      expect(body.data).toEqual({ products: null });
      expect(body.errors).toEqual([
        {
          message: `GET /v3/catalog/products refused a request the gateway built (${status})`,
          path: ['products'],
          locations: expect.any(Array),
          extensions: { code: 'UPSTREAM_ERROR' },
        },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/SECRET|include_fields/);
      const logged = lines.filter((line) => line.upstreamTitle !== undefined);
      expect(logged).toEqual([
        expect.objectContaining({
          level: 50,
          msg: 'upstream refused a request the gateway built',
          endpoint: LIST,
          status,
          upstreamTitle: 'UPSTREAM-TITLE-SECRET',
          upstreamErrors: { include_fields: 'UPSTREAM-DETAIL-SECRET' },
        }),
      ]);
    },
  );
});

describe('a malformed item costs that item, not the page', () => {
  it('drops a product without id and an image without id, keeps the rest, logs once', async () => {
    const image = (id: number | undefined) => ({
      id,
      product_id: 2,
      is_thumbnail: id === 7,
      url_standard: `https://cdn.test/${id}.jpg`,
    });
    const malformed = {
      data: [
        { id: 1, name: 'Kept one', images: [] },
        { name: 'SECRET-PRODUCT-WITHOUT-ID', images: [] },
        { id: 2, name: 'Kept two', images: [image(7), image(undefined), image(9)] },
      ],
      meta: {},
    };
    stack.sandbox.faults.inject({ route: LIST, kind: 'body', body: malformed });
    const { body } = await stack.query<{
      products: { totalCount: number; edges: { node: { name: string; images: unknown[] } }[] };
    }>(`{ products(first: 3) { totalCount edges { node { name images { url } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.products.edges.map((e) => [e.node.name, e.node.images.length])).toEqual([
      ['Kept one', 0],
      ['Kept two', 2],
    ]);
    const warned = lines.filter((line) => line.msg === 'upstream items dropped: malformed');
    expect(warned).toEqual([
      expect.objectContaining({
        level: 40,
        endpoint: LIST,
        dropped: [
          { in: 'data', issues: ['id: invalid_type'] },
          { in: 'images', issues: ['id: invalid_type'] },
        ],
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });
});

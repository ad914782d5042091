import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

/** The README's back-office examples are operations the graph accepts, as written. */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Back office'), readme.indexOf('## Limits'));
const block = /```graphql\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const operations = parse(block).definitions.map((definition) => print(definition));

let stack: Stack;
let key: string;

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 20 } });
  stack.sandbox.store.hooks.create({
    scope: 'store/product/updated',
    destination: 'https://example.com/webhooks/bigcommerce',
    is_active: true,
    headers: {},
  });
  key = (await stack.app.keys.create({ name: 'readme', role: 'internal', scopes: [] })).key;
});
afterAll(() => stack?.close());

describe('README back-office examples', () => {
  it('has the examples', () => {
    expect(operations.length).toBeGreaterThanOrEqual(7);
  });

  it('runs each as written, with no GraphQL error', async () => {
    for (const operation of operations) {
      const { body } = await stack.query(operation, undefined, { authorization: `Bearer ${key}` });
      expect(body.errors, operation).toBeUndefined();
      expect(body.data, operation).toBeDefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CanonicalRequest,
  canonicalFromBody,
  canonicalFromSearch,
} from '../../../src/fast-path/canonical-request.js';

const HASH = 'a'.repeat(64);
const QUERY = '{ products(first: 2) { edges { node { name } } } }';
const search = (params: Record<string, string>) => canonicalFromSearch(new URLSearchParams(params));
/** Requests whose canonical forms are equal share one recorded answer. */
const same = (a: CanonicalRequest | undefined, b: CanonicalRequest | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

describe('canonical request', () => {
  it('reads a query, a documentId and an APQ hash, from a body and from a URL', () => {
    expect(canonicalFromBody({ query: QUERY })).toMatchObject({ via: 'text', query: QUERY });
    expect(canonicalFromBody({ documentId: `sha256:${HASH}` })).toMatchObject({
      via: 'hash',
      hash: HASH,
    });
    const apq = { persistedQuery: { version: 1, sha256Hash: HASH.toUpperCase() } };
    expect(canonicalFromBody({ extensions: apq })).toMatchObject({ via: 'hash', hash: HASH });
    expect(search({ query: QUERY })).toMatchObject({ via: 'text', query: QUERY });
    expect(search({ documentId: `sha256:${HASH}` })).toMatchObject({ via: 'hash', hash: HASH });
    expect(search({ extensions: JSON.stringify(apq) })).toMatchObject({ via: 'hash', hash: HASH });
  });

  it('leaves to Yoga whatever it could read otherwise or refuse', () => {
    const refusedBodies: unknown[] = [
      null,
      [],
      [{ query: QUERY }],
      'text',
      {},
      { query: '' },
      { query: 42 },
      { query: QUERY, unknown: 1 },
      { query: QUERY, variables: [1] },
      { query: QUERY, variables: 'x' },
      { query: QUERY, operationName: 7 },
      { query: QUERY, documentId: `sha256:${HASH}` },
      { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } },
      { documentId: 'not-a-hash' },
      {
        documentId: `sha256:${HASH}`,
        extensions: { persistedQuery: { version: 1, sha256Hash: HASH } },
      },
      { query: QUERY, extensions: { tracing: true } },
      { extensions: { persistedQuery: { version: 2, sha256Hash: HASH } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: HASH, extra: 1 } } },
    ];
    for (const body of refusedBodies)
      expect(canonicalFromBody(body), JSON.stringify(body)).toBe(undefined);
    expect(search({})).toBe(undefined);
    expect(search({ query: QUERY, other: '1' })).toBe(undefined);
    expect(search({ extensions: '{not json' })).toBe(undefined);
    expect(
      canonicalFromSearch(new URLSearchParams(`query=${encodeURIComponent(QUERY)}&query=x`)),
    ).toBe(undefined);
  });

  it('never gives one key to requests Yoga could answer differently', () => {
    const base = canonicalFromBody({ query: QUERY });
    expect(same(base, canonicalFromBody({ query: QUERY, variables: null }))).toBe(true);
    expect(same(base, canonicalFromBody({ query: QUERY, operationName: null }))).toBe(true);
    const distinct = [
      base,
      canonicalFromBody({ query: QUERY, variables: {} }),
      canonicalFromBody({ query: QUERY, variables: { first: 2 } }),
      canonicalFromBody({ query: QUERY, operationName: '' }),
      canonicalFromBody({ query: QUERY, operationName: 'Listing' }),
      canonicalFromBody({ query: `${QUERY} ` }),
      canonicalFromBody({ documentId: HASH }),
    ];
    const keys = distinct.map((c) => JSON.stringify(c));
    expect(new Set(keys).size).toBe(keys.length);
    // In a URL, a variables or operationName parameter present is never the same as one absent.
    const url = [
      search({ query: QUERY }),
      search({ query: QUERY, variables: '' }),
      search({ query: QUERY, variables: 'null' }),
      search({ query: QUERY, operationName: '' }),
    ].map((c) => JSON.stringify(c));
    expect(new Set(url).size).toBe(url.length);
  });
});

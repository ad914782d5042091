import type { IncomingHttpHeaders } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADERS, passesCsrfCheck } from '../../../src/plugins/use-browser-policy.js';

/** What Yoga's CSRF plugin, configured as `browserPolicy` configures it, decides. */
function yogaLetsThrough(headers: Record<string, string>): boolean {
  const plugin = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] });
  const request = new Request('http://gateway.test/graphql', { headers });
  try {
    (plugin.onRequestParse as (payload: { request: Request }) => void)({ request });
    return true;
  } catch {
    return false;
  }
}

describe('the fast path CSRF check', () => {
  it('decides as Yoga’s CSRF plugin does', () => {
    const cases: Record<string, string>[] = [
      {},
      { 'content-type': 'application/json' },
      { 'content-type': 'Application/JSON; charset=utf-8' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'text/plain;charset=UTF-8' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'text/plain', 'x-graphql-yoga-csrf': '1' },
      { 'x-graphql-yoga-csrf': '' },
      { 'apollo-require-preflight': 'true' },
      { 'x-apollo-operation-name': 'Listing' },
      { authorization: 'Bearer bcgw_x' },
      { 'x-api-key': 'bcgw_x' },
      { accept: 'application/json' },
    ];
    for (const headers of cases) {
      // Node lowercases header names, as it hands them to the fast path.
      const node: IncomingHttpHeaders = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      expect(passesCsrfCheck(node), JSON.stringify(headers)).toBe(yogaLetsThrough(headers));
    }
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type Stack, startStack } from '../helpers/stack.js';

const lines: Record<string, unknown>[] = [];
const raw: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 10 }, logger: createLogger('debug', sink) });
});
afterAll(() => stack?.close());

describe('structured logs', () => {
  it('ties the access line and every upstream call to the request id', async () => {
    await stack.query(
      '{ product(entityId: 2) { name brand { name } } }',
      {},
      { 'x-request-id': 'trace-me-1' },
    );
    // The access line is written once the response has gone out, which may follow the client's read.
    await expect
      .poll(() => lines.some((l) => l.requestId === 'trace-me-1' && l.msg === 'request'))
      .toBe(true);
    const mine = lines.filter((l) => l.requestId === 'trace-me-1');
    const upstream = mine.filter((l) => l.msg === 'upstream call');
    expect(upstream.length).toBeGreaterThanOrEqual(2);
    for (const call of upstream) {
      expect(call).toMatchObject({ method: 'GET', status: 200 });
      expect(call.upstreamCallId).toEqual(expect.any(String));
      expect(String(call.path)).not.toContain('?');
    }
    expect(mine.find((l) => l.msg === 'request')).toMatchObject({
      path: '/graphql',
      status: 200,
      method: 'POST',
    });
  });

  it('logs upstream failures with their code, and never a token or upstream URL', async () => {
    stack.sandbox.faults.inject({ kind: 'status', status: 500, times: 1 });
    await stack.query('{ product(entityId: 3) { name } }', {}, { 'x-request-id': 'trace-me-2' });
    const failure = lines.find((l) => l.requestId === 'trace-me-2' && l.code === 'UPSTREAM_ERROR');
    expect(failure).toMatchObject({ level: 40, path: 'product' });
    const everything = raw.join('\n');
    expect(everything).not.toContain(stack.sandbox.accessToken);
    expect(everything).not.toContain(stack.sandbox.url);
  });
});

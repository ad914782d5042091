import type { Agent } from 'undici';
import { request } from 'undici';

/** One HTTP request of a wire case, sent as is to the gateway and to the floor. */
export interface WireRequest {
  method: 'GET' | 'POST';
  /** Path and query string, e.g. `/graphql?documentId=sha256:…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WireReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends `wire` to `base` and reads the whole body as bytes (never parsed). */
export async function sendWire(agent: Agent, base: string, wire: WireRequest): Promise<WireReply> {
  const response = await request(`${base}${wire.path}`, {
    method: wire.method,
    dispatcher: agent,
    headers: wire.headers,
    body: wire.body,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

/**
 * The timed task: 'ok' when the answer has the expected status and exactly the expected bytes,
 * `http-<status>` for another status, 'other-bytes' for the right status with other bytes.
 */
export function wireTask(
  agent: Agent,
  base: string,
  wire: WireRequest,
  expected: { status: number; body: Buffer },
  /** Told of each answer with the right status and other bytes, to show what differed. */
  onOtherBytes?: (body: Buffer) => void,
): () => Promise<string> {
  return async () => {
    const reply = await sendWire(agent, base, wire);
    if (reply.status !== expected.status) return `http-${reply.status}`;
    if (reply.body.equals(expected.body)) return 'ok';
    onOtherBytes?.(reply.body);
    return 'other-bytes';
  };
}

/** A POST of a GraphQL operation, as a web client sends it. */
export function postOperation(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): WireRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  };
}

/** A persisted operation by GET (`documentId=sha256:…`), with the header Yoga's CSRF check asks. */
export function getPersisted(
  documentId: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): WireRequest {
  const params = new URLSearchParams({ documentId });
  if (variables) params.set('variables', JSON.stringify(variables));
  return {
    method: 'GET',
    path: `/graphql?${params}`,
    headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1', ...headers },
  };
}

/** One header's value as a string (undici gives arrays for repeated headers). */
export function headerOf(reply: WireReply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Where two answers first differ, with a little of each around it, for a failure message. */
export function describeDifference(expected: Buffer, actual: Buffer): string {
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const around = (body: Buffer) => body.subarray(Math.max(0, at - 60), at + 120).toString('utf8');
  return `${actual.length} bytes (expected ${expected.length}), first difference at byte ${at}: expected …${around(expected)}… got …${around(actual)}…`;
}

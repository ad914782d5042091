import type { Plugin } from 'graphql-yoga';
import { requestIdOf } from './use-request-id.js';

/**
 * Refuses request bodies over `maxBytes` with 413 before they are parsed: a real query is a few
 * KB, and parsing megabytes of query text is a cheap way to burn CPU. A declared `Content-Length`
 * is checked up front (Node's parser holds the body to it); a body without one (chunked) is read
 * here, counted as it arrives and cut off at the limit, then handed on.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const refuse = () =>
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: `The request body exceeds the limit of ${maxBytes} bytes.`,
                  extensions: { code: 'PAYLOAD_TOO_LARGE' },
                },
              ],
            }),
            { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } },
          ),
        );
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) refuse();
        return;
      }
      if (!request.body) return;
      const body = await readAtMost(request.body, maxBytes);
      if (body === undefined) return refuse();
      const headers = new fetchAPI.Headers(request.headers);
      // The replacement is a new Request object: carry the id over, or a fresh one would be made.
      headers.set('x-request-id', requestIdOf(request));
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers, body }));
    },
  };
}

/** The whole body, or `undefined` (and the rest left unread) once it passes `maxBytes`. */
async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over `maxBytes` (by `Content-Length`) with 413 before they are read or
 * parsed: a real query is a few KB, and parsing megabytes of query text is a cheap way to burn CPU.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (!(length > maxBytes)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: `Request body of ${length} bytes exceeds the limit of ${maxBytes}.`,
                extensions: { code: 'PAYLOAD_TOO_LARGE' },
              },
            ],
          }),
          { status: 413, headers: { 'content-type': 'application/json' } },
        ),
      );
    },
  };
}

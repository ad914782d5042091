import type { ServerResponse } from 'node:http';

/**
 * Calls `report` with the status that actually went out. Plugins later in the chain may still
 * replace the response (a 304 for a matching ETag), so on Node the status is read once the
 * response is done; elsewhere the one seen now is all there is.
 */
export function onFinalStatus(
  serverContext: unknown,
  seen: number,
  report: (status: number) => void,
): void {
  const res = (serverContext as { res?: ServerResponse } | undefined)?.res;
  if (!res || typeof res.once !== 'function') report(seen);
  else res.once('close', () => report(res.statusCode));
}

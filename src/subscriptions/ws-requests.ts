/**
 * Requests made up for WebSocket operations (one per operation, carrying the socket's viewer):
 * the HTTP-only hooks (`onRequest`) never see them, so the plugins that must cover WebSocket
 * operations too check here.
 */
const wsRequests = new WeakSet<Request>();

export function markWsRequest(request: Request): void {
  wsRequests.add(request);
}

export function isWsContext(context: unknown): boolean {
  const request = (context as { request?: unknown } | undefined)?.request;
  return typeof request === 'object' && request !== null && wsRequests.has(request as Request);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestCounters } from './counters.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { ERROR_TYPE, HttpError, writeJson } from './http.js';
import type { FixedWindowQuota } from './rate-limit.js';
import { fallbackLabel, type Router } from './router.js';

export interface DispatchDeps {
  router: Router;
  counters: RequestCounters;
  faults: FaultInjector;
  quota: FixedWindowQuota;
  storeHash: string;
  accessToken: string;
  latencyMs: number;
  /** Resolves after `ms`, or never once the sandbox closes. */
  sleep(ms: number): Promise<void>;
  /** Holds a hung response until close. */
  hold(res: ServerResponse): void;
}

const STORE_PATH = /^\/stores\/([^/]+)(\/.*)$/;

/**
 * One store request: count it, apply any fault, then store hash, auth and quota checks in that
 * order, then the route. Every answer but a bare 429 carries the rate-limit headers.
 */
export async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: DispatchDeps,
): Promise<void> {
  const method = req.method ?? 'GET';
  const store = STORE_PATH.exec(url.pathname);
  const subPath = store?.[2] ?? url.pathname;
  const route = deps.router.match(method, subPath);
  const label = route?.label ?? fallbackLabel(method, subPath);
  deps.counters.record(label, decodeURIComponent(url.pathname + url.search));
  const fault = deps.faults.take(label, url.pathname);
  if (fault && (await applyFault(fault, req, res, deps))) return;
  if (deps.latencyMs > 0) await deps.sleep(deps.latencyMs);

  const error = (e: HttpError, headers = deps.quota.headers()) =>
    writeJson(res, e.status, e.toBody(), headers);
  if (store?.[1] !== deps.storeHash) return error(new HttpError(404, 'Store not found.'));
  if (req.headers['x-auth-token'] !== deps.accessToken) {
    return error(new HttpError(401, 'You are not authorized to access this resource.'));
  }
  const quota = deps.quota.take();
  if (!quota.allowed) return error(new HttpError(429, 'Too many requests.'), quota.headers);
  if (!route) return error(new HttpError(404, 'The requested resource was not found.'));
  try {
    const reply = await route.handler({ req, query: url.searchParams, params: route.params });
    writeJson(res, reply.status ?? 200, reply.body, quota.headers);
  } catch (caught) {
    if (caught instanceof HttpError) return error(caught, quota.headers);
    writeJson(res, 500, { status: 500, title: String(caught), type: ERROR_TYPE }, quota.headers);
  }
}

/** Returns true when the fault answered (or refused to answer) the request itself. */
async function applyFault(
  fault: FaultKind,
  req: IncomingMessage,
  res: ServerResponse,
  deps: DispatchDeps,
): Promise<boolean> {
  switch (fault.kind) {
    case 'latency':
      await deps.sleep(fault.ms);
      return false;
    case 'status': {
      const body = fault.body ?? {
        status: fault.status,
        title: 'Upstream fault',
        type: ERROR_TYPE,
      };
      writeJson(res, fault.status, body, deps.quota.headers());
      return true;
    }
    case 'body':
      writeJson(res, 200, fault.body, deps.quota.headers());
      return true;
    case 'rate-limit':
      writeJson(
        res,
        429,
        { status: 429, title: 'Too many requests.', type: ERROR_TYPE },
        deps.quota.headers({ resetMs: fault.resetMs, left: 0 }),
      );
      return true;
    case 'rate-limit-bare':
      writeJson(res, 429, { status: 429, title: 'Too Many Requests' });
      return true;
    case 'drop':
      req.socket.destroy();
      return true;
    case 'hang':
      deps.hold(res);
      return true;
  }
}

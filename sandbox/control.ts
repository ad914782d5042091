import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { RequestCounters } from './counters.js';
import type { FaultInjector, FaultRule, FaultStatus } from './faults.js';
import type { HookStore } from './hooks/store.js';
import { readJsonBody, writeJson } from './http.js';
import type { FixedWindowQuota } from './rate-limit.js';

const times = z.union([z.number().int().positive(), z.literal('always')]).optional();

/** A fault over HTTP: `route` is a label; `pathPattern` is a RegExp source tested on the path. */
const faultBody = z
  .object({ route: z.string().optional(), pathPattern: z.string().optional(), times })
  .and(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('status'),
        status: z.literal([
          400, 401, 403, 404, 409, 422, 500, 502, 503, 504,
        ] satisfies FaultStatus[]),
        body: z.unknown().optional(),
      }),
      z.object({ kind: z.literal('body'), body: z.unknown() }),
      z.object({ kind: z.literal('rate-limit'), resetMs: z.number().int().nonnegative() }),
      z.object({ kind: z.literal('rate-limit-bare') }),
      z.object({ kind: z.literal('latency'), ms: z.number().int().nonnegative() }),
      z.object({ kind: z.literal('drop') }),
      z.object({ kind: z.literal('hang') }),
    ]),
  );

const redeliverBody = z.object({ webhook_id: z.string().min(1) });

const quotaBody = z.object({
  requests: z.number().int().positive(),
  windowMs: z.number().int().positive(),
});

export interface ControlDeps {
  counters: RequestCounters;
  faults: FaultInjector;
  quota: FixedWindowQuota;
  /** `POST /__sandbox/current-customer-jwt`: the storefront's current-customer JWT. */
  mintCustomerJwt: (body: unknown) => Promise<{ status: number; body: unknown }>;
  /** `GET /__sandbox/hooks/deliveries`, `POST /__sandbox/hooks/redeliver` `{ webhook_id }`. */
  hooks: HookStore;
}

/**
 * `/__sandbox/*`: counters, reset, faults and quota for out-of-process users (bench, demo).
 * Unauthenticated and not counted, so reading the counters does not change them.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: ControlDeps,
): Promise<void> {
  const route = `${req.method} ${path.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__sandbox/counters':
        return writeJson(res, 200, {
          total: deps.counters.total(),
          routes: deps.counters.snapshot(),
          recent: deps.counters.recent(),
        });
      case 'POST /__sandbox/reset':
        deps.counters.reset();
        deps.faults.clear();
        deps.quota.reset();
        return writeJson(res, 200, { ok: true });
      case 'POST /__sandbox/faults': {
        const { pathPattern, route: label, ...rest } = faultBody.parse(await readJsonBody(req));
        const rule: FaultRule = { ...rest, route: pathPattern ? new RegExp(pathPattern) : label };
        deps.faults.inject(rule);
        return writeJson(res, 201, { pending: deps.faults.pending() });
      }
      case 'POST /__sandbox/current-customer-jwt': {
        const answer = await deps.mintCustomerJwt(await readJsonBody(req));
        return writeJson(res, answer.status, answer.body);
      }
      case 'DELETE /__sandbox/faults':
        deps.faults.clear();
        return writeJson(res, 200, { pending: 0 });
      case 'GET /__sandbox/hooks/deliveries':
        return writeJson(res, 200, { deliveries: deps.hooks.deliveries() });
      case 'POST /__sandbox/hooks/redeliver': {
        const { webhook_id } = redeliverBody.parse(await readJsonBody(req));
        return writeJson(res, 200, await deps.hooks.redeliver(webhook_id));
      }
      case 'GET /__sandbox/quota':
        return writeJson(res, 200, deps.quota.get());
      case 'PUT /__sandbox/quota':
        deps.quota.set(quotaBody.parse(await readJsonBody(req)));
        return writeJson(res, 200, deps.quota.get());
      default:
        return writeJson(res, 404, { status: 404, title: `No control route ${route}` });
    }
  } catch (error) {
    const title = error instanceof Error ? error.message : String(error);
    writeJson(res, 400, { status: 400, title });
  }
}

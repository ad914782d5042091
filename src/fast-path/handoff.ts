import type { IncomingMessage } from 'node:http';
import type { RateLimitState } from '../auth/rate-limiter.js';
import type { Viewer } from '../auth/viewer.js';
import type { Budget } from '../plugins/use-rate-limit.js';

/**
 * What the fast path already did for a request it passes on to Yoga, so the pipeline neither
 * authenticates twice nor charges the caller's first unit twice, and records its answer under the
 * key the fast path looked up.
 */
export interface Handoff {
  readonly viewer: Viewer;
  /** The first unit, already taken from the caller's budget (refused or not). */
  readonly charged?: { readonly budget: Budget; readonly state: RateLimitState };
  /** Where a shareable answer to this request is recorded (`use-answer-recorder.ts`). */
  readonly answerKey?: string;
}

const handoffs = new WeakMap<IncomingMessage, Handoff>();

export function handOff(req: IncomingMessage, handoff: Handoff): void {
  handoffs.set(req, handoff);
}

/** The handoff of the Node request behind a Yoga request's `serverContext`, if there was one. */
export function handoffOf(serverContext: unknown): Handoff | undefined {
  const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  return req ? handoffs.get(req) : undefined;
}

/** Error statuses a fault can answer with: refusals (4xx) and server failures (5xx). */
export type FaultStatus = 400 | 401 | 403 | 404 | 409 | 422 | 500 | 502 | 503 | 504;

/** What an injected fault does to the matching request. */
export type FaultKind =
  /** An error answer; `body` replaces the default v3 error body. */
  | { kind: 'status'; status: FaultStatus; body?: unknown }
  /** A 200 with this body instead of the store's answer (malformed payloads). */
  | { kind: 'body'; body: unknown }
  /** A 429 with the `X-Rate-Limit-*` headers: wait `resetMs` and retry. */
  | { kind: 'rate-limit'; resetMs: number }
  /** A 429 without headers: the platform shedding load. */
  | { kind: 'rate-limit-bare' }
  /** Delays the answer, then answers normally. */
  | { kind: 'latency'; ms: number }
  /** Destroys the socket without answering. */
  | { kind: 'drop' }
  /** Never answers; `close()` ends the request. */
  | { kind: 'hang' };

export type FaultRule = FaultKind & {
  /** A route label (`GET /v3/catalog/products`) or a RegExp tested on the path. Absent: every route. */
  route?: string | RegExp;
  /** How many matching requests it hits. @default 1 */
  times?: number | 'always';
};

interface ActiveRule {
  rule: FaultRule;
  left: number;
}

/** Faults are taken in the order they were injected; each hit spends one of its `times`. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  inject(rule: FaultRule): void {
    const times = rule.times ?? 1;
    this.rules.push({ rule, left: times === 'always' ? Number.POSITIVE_INFINITY : times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules that still have hits left. */
  pending(): number {
    return this.rules.length;
  }

  /** The fault for this request, if any, spending one hit. */
  take(label: string, path: string): FaultKind | undefined {
    const active = this.rules.find(({ rule }) => matches(rule.route, label, path));
    if (!active) return undefined;
    active.left--;
    if (active.left <= 0) this.rules = this.rules.filter((r) => r !== active);
    return active.rule;
  }
}

function matches(route: FaultRule['route'], label: string, path: string): boolean {
  if (route === undefined) return true;
  return typeof route === 'string' ? route === label : route.test(path);
}

import type { LoadResult } from './load.js';
import { heading, mib, ms, num, table } from './report.js';
import type { CacheOffResult } from './scenarios/cache-off.js';
import type { DirectResult } from './scenarios/direct.js';
import type { GatewayCacheResult } from './scenarios/gateway-cache.js';
import type { WireResult } from './scenarios/wire.js';

/** What the issue #11 figures are read from. */
export interface TargetInputs {
  wire: WireResult;
  serialGateway: GatewayCacheResult;
  serialDirect: DirectResult;
  memoryGateway: GatewayCacheResult;
  entityCacheOnly: GatewayCacheResult;
  cacheOff: CacheOffResult;
  direct: DirectResult;
}

const COLD_GOAL = 0.6;
const ENTITY_ONLY_GOAL = 3.0;

/** `0.42 (goal >= 0.70: NOT MET)`, or the bare ratio without a goal. */
function againstGoal(value: number, goal: number | undefined): string {
  if (goal === undefined) return num(value, 2);
  return `${num(value, 2)} (goal >= ${goal.toFixed(2)}: ${value >= goal ? 'met' : 'NOT MET'})`;
}

const latency = (run: LoadResult) => `${ms(run.latency.p50)} / ${ms(run.latency.p99)}`;

function wireLines(wire: WireResult): string[] {
  return [
    heading(
      `8. Warm answers against a floor (concurrency ${wire.concurrency}, each in a child process)`,
    ),
    table(
      [
        'case',
        'bytes',
        'floor req/s',
        'gateway req/s',
        'gateway/floor',
        'floor p50 / p99',
        'gateway p50 / p99',
      ],
      wire.cases.map((c) => [
        c.name,
        String(c.bodyBytes),
        num(c.floor.rps),
        num(c.gateway.rps),
        againstGoal(c.ratio, c.goal),
        latency(c.floor),
        latency(c.gateway),
      ]),
    ),
    'Gateway: its own process, memory cache + whole-response cache at default TTLs, LOG_LEVEL=info\n' +
      'to /dev/null (one access line per request), persisted-operations manifest, rate limits lifted\n' +
      '(the limiter runs). Floor: a bare node:http server in its own process that reads the request\n' +
      'body and answers the bytes (and content type) the gateway answered for the case. Load from this\n' +
      'process: closed loop, body read as bytes and compared with the primed answer, never parsed.\n' +
      'Per case: floor, gateway, gateway, floor (after a short untimed warm-up), each keeping its\n' +
      'faster run, so a neighbour on this shared machine weighs on both alike.',
  ];
}

function memoryLines(wire: WireResult): string[] {
  const m = wire.memory;
  const every10s = m.samples
    .filter((_, i) => (i + 1) % 10 === 0 || i === m.samples.length - 1)
    .map(mib);
  return [
    heading(`9. Gateway RSS over a ${m.durationMs / 1000} s warm run (listing POST)`),
    [
      `${m.load.requests} answers, ${num(m.load.rps)} req/s, p50 / p99 ${latency(m.load)}, outcomes ${JSON.stringify(m.load.outcomes)}`,
      `RSS before ${mib(m.rssBefore)}, after ${mib(m.rssAfter)}, peak ${mib(m.peakRss)}; growth ${mib(m.growth)}`,
      `RSS every 10 s: ${every10s.join(', ')}`,
      `V8 heap in use after a full GC: before ${mib(m.heapAfterGcBefore)}, after ${mib(m.heapAfterGcAfter)}`,
      'RSS read in the gateway child (process.memoryUsage, no forced GC), sampled once a second;',
      'the run follows section 8 on the same gateway, so its caches and heap are already warm.',
      ...(m.otherBytesSample === undefined
        ? []
        : [`answers with other bytes (counted, not failed): ${m.otherBytesSample}`]),
    ].join('\n'),
  ];
}

function executionLines(r: TargetInputs): string[] {
  const rows: [string, LoadResult, LoadResult, number][] = [
    [
      'cold (CACHE_MODE=off), concurrency 1',
      r.cacheOff.serial,
      r.serialDirect.efficient,
      COLD_GOAL,
    ],
    ['cold (CACHE_MODE=off), concurrency 8', r.cacheOff.concurrent, r.direct.efficient, COLD_GOAL],
    [
      'cold (caches on, evicted), concurrency 1',
      r.serialGateway.cold,
      r.serialDirect.efficient,
      COLD_GOAL,
    ],
    [
      'cold (caches on, evicted), concurrency 8',
      r.memoryGateway.cold,
      r.direct.efficient,
      COLD_GOAL,
    ],
    [
      'entity cache only, warm, concurrency 8',
      r.entityCacheOnly.warm,
      r.direct.efficient,
      ENTITY_ONLY_GOAL,
    ],
  ];
  return [
    heading('10. Cold and re-executed listing vs the efficient REST client (sections 2 and 3)'),
    table(
      ['run', 'gateway req/s', 'REST req/s', 'gateway/REST', 'gateway p50 / p99', 'REST p50 / p99'],
      rows.map(([name, gateway, rest, goal]) => [
        name,
        num(gateway.rps),
        num(rest.rps),
        againstGoal(gateway.rps / rest.rps, goal),
        latency(gateway),
        latency(rest),
      ]),
    ),
    'REST client: products + brands id:in + categories id:in in sequence per page. CACHE_MODE=off:\n' +
      'every query its 3 upstream calls (the goal is set for this one). Caches on, evicted: listings,\n' +
      'brands and categories evicted before each query, which also pays for writing them back.\n' +
      'Entity cache only: RESPONSE_CACHE_TTL_S=0, each warm query executed again over cached entities.',
  ];
}

/** Sections 8-10: the figures issue #11 sets goals for, each next to its goal. */
export function targetLines(r: TargetInputs): string[] {
  return [...wireLines(r.wire), ...memoryLines(r.wire), ...executionLines(r)];
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { type BenchChild, forkBenchChild } from '../child-process.js';
import { type LoadResult, runLoad } from '../load.js';
import { LISTING_QUERY, PRODUCT_QUERY } from '../queries.js';
import type { RemoteSandbox } from '../sandbox-client.js';
import {
  describeDifference,
  headerOf,
  postOperation,
  sendWire,
  type WireReply,
  type WireRequest,
  wireTask,
} from '../wire-client.js';
import type { FloorReply, GatewayChildReply } from '../wire-protocol.js';
import {
  type CaseContext,
  type CaseDefinition,
  LISTING_ID,
  PRODUCT_ID,
  WIRE_CASES,
} from './wire-cases.js';
import { measureWireMemory, type WireMemoryResult } from './wire-memory.js';

/** How each warm case is run. */
export interface WireShape {
  concurrency: number;
  /** One timed run; each target has two per case, the faster one is kept. */
  durationMs: number;
  /** Untimed run just before each timed one (JIT, sockets). */
  warmupMs: number;
  /** The long warm run the memory figures come from. */
  memoryMs: number;
}

export interface WireCaseResult {
  name: string;
  /** The gateway / floor throughput the case should reach. */
  goal: number | undefined;
  status: number;
  contentType: string | undefined;
  bodyBytes: number;
  /** The faster of the floor's two runs, and of the gateway's. */
  floor: LoadResult;
  gateway: LoadResult;
  /** gateway req/s ÷ floor req/s. */
  ratio: number;
  rpsOfEachRun: { floor: number[]; gateway: number[] };
}

export interface WireResult {
  concurrency: number;
  cases: WireCaseResult[];
  memory: WireMemoryResult;
  /** Everything that makes the figures untrustworthy: wrong statuses, other bytes. Empty is right. */
  violations: string[];
}

/**
 * Warm answers against a floor. The gateway runs in a child process (memory cache, whole-response
 * cache, default TTLs, info access log to /dev/null, a persisted-operations manifest, rate limits
 * lifted but the limiter running); the floor, another child, answers each case's bytes as fast as
 * `node:http` can. Per case: prime, take the gateway's bytes, hand them to the floor, then run the
 * floor and the gateway back to back (twice, in ABBA order); every timed answer must have the
 * expected status and bytes.
 */
export async function measureWire(options: {
  sandbox: RemoteSandbox;
  shape: WireShape;
}): Promise<WireResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bcgw-bench-wire-'));
  const manifestFile = join(dir, 'persisted-documents.json');
  writeFileSync(
    manifestFile,
    JSON.stringify({ [LISTING_ID]: LISTING_QUERY, [PRODUCT_ID]: PRODUCT_QUERY }),
  );
  const agent = new Agent({ connections: options.shape.concurrency + 8, pipelining: 1 });
  const children: BenchChild<GatewayChildReply | FloorReply>[] = [];
  try {
    const gateway = await forkBenchChild<GatewayChildReply>(
      new URL('../wire-gateway-child.ts', import.meta.url),
      { BENCH_GATEWAY_ENV: JSON.stringify(gatewayEnv(options.sandbox, dir, manifestFile)) },
      ['--expose-gc'],
    );
    children.push(gateway);
    const floor = await forkBenchChild<FloorReply>(
      new URL('../floor-child.ts', import.meta.url),
      {},
    );
    children.push(floor);
    if (gateway.ready.type !== 'ready' || floor.ready.type !== 'ready') {
      throw new Error('wire: a child did not start');
    }
    const gatewayUrl = gateway.ready.url;
    const send = (wire: WireRequest) => sendWire(agent, gatewayUrl, wire);
    const context: CaseContext = {
      productId: await firstProductId(send),
      partnerKey: gateway.ready.partnerKey,
      send,
    };
    const violations: string[] = [];
    const cases: WireCaseResult[] = [];
    for (const definition of WIRE_CASES) {
      try {
        const run = { agent, gatewayUrl, floor, floorUrl: floor.ready.url, shape: options.shape };
        cases.push(await runCase(definition, context, run, violations));
      } catch (error) {
        violations.push(`${definition.name}: ${error instanceof Error ? error.message : error}`);
      }
    }
    const listing = postOperation(LISTING_QUERY);
    const listingAnswer = { status: 200, body: (await send(listing)).body };
    const memory = await measureWireMemory({
      gateway,
      task: (onOtherBytes) => wireTask(agent, gatewayUrl, listing, listingAnswer, onOtherBytes),
      expected: listingAnswer.body,
      concurrency: options.shape.concurrency,
      durationMs: options.shape.memoryMs,
      violations,
    });
    return { concurrency: options.shape.concurrency, cases, memory, violations };
  } finally {
    await Promise.all(children.map((child) => child.close()));
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function gatewayEnv(sandbox: RemoteSandbox, dir: string, manifestFile: string) {
  return {
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_API_URL: sandbox.url,
    LOG_LEVEL: 'info',
    METRICS_PORT: '0',
    // The load comes from one address: budgets lifted, the limiter still runs.
    RATE_LIMIT_ANONYMOUS: '1000000000/60s',
    RATE_LIMIT_CUSTOMER: '1000000000/60s',
    RATE_LIMIT_PARTNER_DEFAULT: '1000000000/60s',
    API_KEYS_FILE: join(dir, 'api-keys.json'),
    SESSION_SIGNING_SECRET: 'bench-session-signing-secret-of-32-characters',
    PERSISTED_OPERATIONS_FILE: manifestFile,
  };
}

/** The first product of the listing: the single-product cases ask for it. */
async function firstProductId(send: CaseContext['send']): Promise<number> {
  const reply = await send(postOperation(LISTING_QUERY));
  const body = parseGraphQL(reply) as {
    data?: { products?: { edges?: { node?: { entityId?: number } }[] } };
  };
  const id = body.data?.products?.edges?.[0]?.node?.entityId;
  if (typeof id !== 'number') throw new Error('wire: the listing has no product');
  return id;
}

function parseGraphQL(reply: WireReply): { data?: unknown; errors?: unknown[] } {
  const text = reply.body.toString('utf8');
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (reply.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`the gateway answered ${reply.status}: ${text.slice(0, 300)}`);
  }
  return body;
}

async function runCase(
  definition: CaseDefinition,
  context: CaseContext,
  run: {
    agent: Agent;
    gatewayUrl: string;
    floor: BenchChild<FloorReply>;
    floorUrl: string;
    shape: WireShape;
  },
  violations: string[],
): Promise<WireCaseResult> {
  const wire = await definition.request(context);
  await context.send(wire);
  const primed = await context.send(wire);
  const again = await context.send(wire);
  if (primed.status !== definition.status) {
    throw new Error(`primed answer is ${primed.status}, not ${definition.status}`);
  }
  if (definition.status === 200) parseGraphQL(primed);
  if (!primed.body.equals(again.body)) violations.push(`${definition.name}: answers differ`);

  const contentType = headerOf(primed, 'content-type');
  const etag = headerOf(primed, 'etag');
  const headers: Record<string, string> = {
    ...(contentType ? { 'content-type': contentType } : {}),
    ...(definition.status === 304 && etag ? { etag } : {}),
  };
  const answer = { status: definition.status, headers, bodyBase64: primed.body.toString('base64') };
  await run.floor.call({ type: 'serve', answer });

  const expected = { status: definition.status, body: primed.body };
  let otherBytes: string | undefined;
  const load = async (base: string, warmUp: boolean) => {
    const task = wireTask(run.agent, base, wire, expected, (body) => {
      otherBytes ??= describeDifference(primed.body, body);
    });
    const { concurrency, warmupMs, durationMs } = run.shape;
    if (warmUp) await runLoad({ concurrency, durationMs: warmupMs, maxRequests: 1e9, task });
    return runLoad({ concurrency, durationMs, maxRequests: 1e9, task });
  };
  // Floor, gateway, gateway, floor: drift on a shared machine weighs on both alike, and each keeps
  // its faster run (the one its neighbours disturbed least). Every answer of every run is checked.
  const floorRuns = [await load(run.floorUrl, true)];
  const gatewayRuns = [await load(run.gatewayUrl, true), await load(run.gatewayUrl, false)];
  floorRuns.push(await load(run.floorUrl, false));
  for (const [who, results] of [
    ['floor', floorRuns],
    ['gateway', gatewayRuns],
  ] as const) {
    for (const result of results) {
      const wrong = result.requests - (result.outcomes.ok ?? 0);
      if (wrong === 0) continue;
      violations.push(
        `${definition.name}: ${wrong} of ${result.requests} ${who} answers were not ${definition.status} with the primed bytes ${JSON.stringify(result.outcomes)}`,
      );
    }
  }
  const floor = fastest(floorRuns);
  const gateway = fastest(gatewayRuns);
  if (otherBytes !== undefined) {
    violations.push(`${definition.name}: one answer with other bytes: ${otherBytes}`);
  }
  return {
    name: definition.name,
    goal: definition.goal,
    status: definition.status,
    contentType,
    bodyBytes: primed.body.length,
    floor,
    gateway,
    ratio: gateway.rps / floor.rps,
    rpsOfEachRun: { floor: floorRuns.map((r) => r.rps), gateway: gatewayRuns.map((r) => r.rps) },
  };
}

const fastest = (runs: LoadResult[]) => runs.reduce((best, r) => (r.rps > best.rps ? r : best));

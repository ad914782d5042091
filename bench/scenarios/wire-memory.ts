import type { BenchChild } from '../child-process.js';
import { type LoadResult, runLoad } from '../load.js';
import { describeDifference } from '../wire-client.js';
import type { GatewayChildReply } from '../wire-protocol.js';

export interface WireMemoryResult {
  durationMs: number;
  load: LoadResult;
  /** The gateway child's RSS just before and just after the run, bytes (no forced GC). */
  rssBefore: number;
  rssAfter: number;
  /** The largest RSS sampled during the run (once a second). */
  peakRss: number;
  /** rssAfter − rssBefore. */
  growth: number;
  /** RSS once a second during the run. */
  samples: number[];
  /** V8 heap in use after a full GC, before and after the run: a leak shows here first. */
  heapAfterGcBefore: number;
  heapAfterGcAfter: number;
  /** How the first answer whose bytes differed from the primed one differed, if any did. */
  otherBytesSample: string | undefined;
}

/**
 * A long warm run against the gateway child, its RSS read from the child before, during and
 * after: a warm answer must not leave anything behind (a flat line is right). Answers other
 * than 200 are violations; other bytes (an answer re-executed after its TTL) are only counted.
 */
export async function measureWireMemory(options: {
  gateway: BenchChild<GatewayChildReply>;
  /** Builds the timed task, given where to report an answer with other bytes. */
  task(onOtherBytes: (body: Buffer) => void): () => Promise<string>;
  /** The bytes the task expects. */
  expected: Buffer;
  concurrency: number;
  durationMs: number;
  violations: string[];
}): Promise<WireMemoryResult> {
  const read = async () => {
    const reply = await options.gateway.call({ type: 'memory' });
    if (reply.type !== 'memory') throw new Error('wire: the gateway child sent no memory figures');
    return reply;
  };
  let otherBytesSample: string | undefined;
  const task = options.task((body) => {
    otherBytesSample ??= describeDifference(options.expected, body);
  });
  const before = await read();
  const load = await runLoad({
    concurrency: options.concurrency,
    durationMs: options.durationMs,
    maxRequests: 1e9,
    task,
  });
  const after = await read();
  const failed = Object.entries(load.outcomes).filter(
    ([outcome]) => outcome !== 'ok' && outcome !== 'other-bytes',
  );
  if (failed.length > 0) {
    options.violations.push(
      `memory run: answers other than 200 ${JSON.stringify(Object.fromEntries(failed))}`,
    );
  }
  return {
    durationMs: options.durationMs,
    load,
    rssBefore: before.rss,
    rssAfter: after.rss,
    peakRss: after.peakRss,
    growth: after.rss - before.rss,
    samples: after.samples,
    heapAfterGcBefore: before.heapUsedAfterGc,
    heapAfterGcAfter: after.heapUsedAfterGc,
    otherBytesSample,
  };
}

import type { Metrics } from '../../src/metrics.js';

/** The value of one counter series (summed over series matching `labels`), 0 when absent. */
export async function counterValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v))
    .reduce((sum, value) => sum + value.value, 0);
}

/** How many client requests the gateway answered with `status` (the status that went out). */
export async function answeredWith(metrics: Metrics, status: number): Promise<number> {
  const metric = metrics.registry.getSingleMetric('bcgw_http_request_duration_seconds');
  if (!metric) throw new Error('no request duration metric');
  const { values } = await metric.get();
  // A histogram's values are its buckets, sum and count; prom-client names each in `metricName`.
  const isCount = (v: object) => (v as { metricName?: string }).metricName?.endsWith('_count');
  return values
    .filter((v) => isCount(v) && String(v.labels.status) === String(status))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Entity-cache and whole-response-cache lookups, by outcome: what path a query really took. */
export async function cacheCounts(metrics: Metrics) {
  const lookups = 'bcgw_cache_lookups_total';
  const responses = 'bcgw_response_cache_lookups_total';
  return {
    fresh: await counterValue(metrics, lookups, { outcome: 'fresh' }),
    stale: await counterValue(metrics, lookups, { outcome: 'stale' }),
    miss: await counterValue(metrics, lookups, { outcome: 'miss' }),
    responseHit: await counterValue(metrics, responses, { outcome: 'hit' }),
    responseMiss: await counterValue(metrics, responses, { outcome: 'miss' }),
  };
}

/** What changed between two `cacheCounts`. */
export function countsSince(
  before: Awaited<ReturnType<typeof cacheCounts>>,
  after: Awaited<ReturnType<typeof cacheCounts>>,
) {
  return {
    fresh: after.fresh - before.fresh,
    stale: after.stale - before.stale,
    miss: after.miss - before.miss,
    responseHit: after.responseHit - before.responseHit,
    responseMiss: after.responseMiss - before.responseMiss,
  };
}

import type { LoadResult } from './load.js';

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const pct = (value: number) =>
  Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a';
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Left-aligned plain-text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One row of a latency/throughput table. */
export function loadRow(name: string, run: LoadResult, extra: readonly string[] = []): string[] {
  const failed = run.requests - (run.outcomes.ok ?? 0);
  return [
    name,
    String(run.requests),
    String(failed),
    ms(run.latency.p50),
    ms(run.latency.p99),
    num(run.rps),
    ...extra,
  ];
}

export const LOAD_HEADER = ['run', 'queries', 'failed', 'p50', 'p99', 'req/s'] as const;

export function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a';
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}

export { ms, num };

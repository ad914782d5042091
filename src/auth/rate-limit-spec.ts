import type { RateLimitSpec } from './viewer.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `600/60s`, `10/15m`, `5000/1h`: requests per window. Returns undefined when malformed. */
export function parseRateLimit(text: string): RateLimitSpec | undefined {
  const match = /^(\d+)\/(\d+)([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const requests = Number(match[1]);
  const windowSeconds = Number(match[2]) * UNIT_SECONDS[match[3]!]!;
  if (requests < 1 || windowSeconds < 1) return undefined;
  return { requests, windowSeconds };
}

/** The form `parseRateLimit` reads, for listings and headers. */
export function formatRateLimit({ requests, windowSeconds }: RateLimitSpec): string {
  return `${requests}/${windowSeconds}s`;
}

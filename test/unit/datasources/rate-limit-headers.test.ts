import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from '../../../src/datasources/rate-limit-headers.js';

describe('parseRateLimitHeaders', () => {
  it('reads the four X-Rate-Limit headers as numbers', () => {
    expect(
      parseRateLimitHeaders({
        'x-rate-limit-time-window-ms': '30000',
        'x-rate-limit-time-reset-ms': '15000',
        'x-rate-limit-requests-quota': '150',
        'x-rate-limit-requests-left': ['0'],
      }),
    ).toEqual({ windowMs: 30_000, resetMs: 15_000, quota: 150, left: 0 });
  });

  it('leaves absent or malformed headers undefined', () => {
    expect(
      parseRateLimitHeaders({
        'x-rate-limit-time-reset-ms': 'soon',
        'x-rate-limit-requests-left': '',
      }),
    ).toEqual({ windowMs: undefined, resetMs: undefined, quota: undefined, left: undefined });
  });
});

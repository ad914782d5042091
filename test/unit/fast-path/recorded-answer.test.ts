import { describe, expect, it } from 'vitest';
import {
  decodeRecordedAnswer,
  encodeRecordedAnswer,
} from '../../../src/fast-path/recorded-answer.js';

describe('recorded answer', () => {
  it('comes back as it was recorded, body bytes untouched', () => {
    const answer = {
      headers: [
        ['content-type', 'application/json; charset=utf-8'],
        ['etag', '"abc"'],
      ] as const,
      rateLimitHeaders: false,
      body: '{"data":{"name":"Line\\nbreak é \\u2028"}}\n{"second":"line"}',
    };
    const decoded = decodeRecordedAnswer(encodeRecordedAnswer(answer));
    expect(decoded).toEqual({ ...answer, headers: answer.headers.map((h) => [...h]) });
    expect(decoded?.body).toBe(answer.body);
  });

  it('is a miss when the entry is not one it wrote', () => {
    for (const raw of [
      '',
      '{"data":{}}',
      'not json\n{}',
      '{"h":[["a"]],"r":false}\n{}',
      '[]\n{}',
    ]) {
      expect(decodeRecordedAnswer(raw), raw).toBe(undefined);
    }
  });
});

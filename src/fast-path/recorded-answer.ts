import { z } from 'zod';

/** An answer as the full pipeline sent it, minus what is each request's own. */
export interface RecordedAnswer {
  /** Header names (lowercase) and values, in the order they went out. */
  readonly headers: readonly (readonly [string, string])[];
  /** The pipeline sent the caller's `RateLimit` headers: a replay sends the new caller's. */
  readonly rateLimitHeaders: boolean;
  readonly body: string;
}

/**
 * Headers never replayed: the request's id, its caller's budget (both recomputed per request) and
 * what Node writes itself from the body it is given.
 */
export const PER_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'x-request-id',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

const metaSchema = z.object({
  h: z.array(z.tuple([z.string(), z.string()])),
  r: z.boolean(),
});

// `<JSON of the headers>\n<body>`: JSON escapes newlines, so the first one ends the header part,
// and the body is kept as sent, without a second round of escaping.
export function encodeRecordedAnswer(answer: RecordedAnswer): string {
  return `${JSON.stringify({ h: answer.headers, r: answer.rateLimitHeaders })}\n${answer.body}`;
}

/** `undefined` for anything `encodeRecordedAnswer` did not write (a corrupt or foreign entry). */
export function decodeRecordedAnswer(raw: string): RecordedAnswer | undefined {
  const newline = raw.indexOf('\n');
  if (newline < 0) return undefined;
  let meta: z.infer<typeof metaSchema>;
  try {
    meta = metaSchema.parse(JSON.parse(raw.slice(0, newline)));
  } catch {
    return undefined;
  }
  return { headers: meta.h, rateLimitHeaders: meta.r, body: raw.slice(newline + 1) };
}

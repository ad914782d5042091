import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CacheStore } from '../cache/cache.js';
import { asksOnlyPublicFields, isShareableAnswer } from '../plugins/shareable-answer.js';
import type { AnswerTagger } from '../plugins/use-public-response-cache.js';
import { handoffOf } from './handoff.js';
import { encodeRecordedAnswer, PER_REQUEST_HEADERS } from './recorded-answer.js';

export interface UseAnswerRecorderOptions {
  store: CacheStore;
  /** How long a recorded answer is kept: the whole-response cache's TTL. */
  ttlMs: number;
  /** The whole-response cache's tagger, so both tag (and evict) an answer alike. */
  answerTags: AnswerTagger;
}

/** Media types of a JSON answer: the only ones recorded (not GraphiQL's page, not a stream). */
const JSON_ANSWER = /^application\/(?:graphql-response\+)?json\b/i;

/**
 * Records, for the fast path, the answer the full pipeline sent to a request the fast path looked
 * up and missed: the final status, headers and bytes, after every other plugin had its say, so a
 * replay is what the pipeline would send again. Only shareable answers to public catalog fields
 * are kept, tagged by type like the whole-response cache, so the same invalidations evict them.
 * Place it after every plugin that changes responses.
 */
export function useAnswerRecorder(options: UseAnswerRecorderOptions): Plugin {
  const { answerTags } = options;
  /** The tags of each request the fast path looked up and missed, while its answer may be kept. */
  const candidates = new WeakMap<Request, string[]>();
  const shareable = new WeakSet<Request>();

  return {
    onExecute({ args }) {
      // Yoga's context carries the Node request (`req`) the fast path handed over.
      if (!handoffOf(args.contextValue)?.answerKey) return;
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      if (!asksOnlyPublicFields(args.document, args.operationName)) return;
      candidates.set(request, answerTags(args.schema, args.document));
    },
    onResultProcess({ request, result }) {
      if (!candidates.has(request) || Array.isArray(result) || Symbol.asyncIterator in result)
        return;
      if (isShareableAnswer(result)) shareable.add(request);
    },
    async onResponse({ request, response, serverContext, setResponse, fetchAPI }) {
      const key = handoffOf(serverContext)?.answerKey;
      const tags = candidates.get(request);
      if (!key || !tags || !shareable.has(request)) return;
      if (response.status !== 200) return;
      // Names as they go out, lowercased: a copied `Headers` may keep another spelling.
      const sent = [...response.headers].map(
        ([name, value]) => [name.toLowerCase(), value] as const,
      );
      const names = new Set(sent.map(([name]) => name));
      const contentType = sent.find(([name]) => name === 'content-type')?.[1] ?? '';
      if (names.has('content-encoding') || !JSON_ANSWER.test(contentType)) return;
      const body = await response.text();
      const value = encodeRecordedAnswer({
        headers: sent.filter(([name]) => !PER_REQUEST_HEADERS.has(name)),
        rateLimitHeaders: names.has('ratelimit'),
        body,
      });
      // Awaited, so an invalidation that follows this answer also evicts it; never throws.
      await options.store.mset([{ key, value, ttlMs: options.ttlMs, tags }]).catch(() => {});
      setResponse(new fetchAPI.Response(body, { status: 200, headers: response.headers }));
    },
  };
}

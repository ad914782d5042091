import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { type Authenticate, UnauthenticatedError } from '../auth/authenticate.js';
import type { ClientIpResolver } from '../auth/client-ip.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { isPublicViewer, type Viewer } from '../auth/viewer.js';
import type { CacheStore } from '../cache/cache.js';
import { recordedAnswerKey } from '../cache/keys.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { PersistedDocumentStore } from '../persisted/document-store.js';
import type { PersistedManifest } from '../persisted/manifest.js';
import { answerClassOf } from '../plugins/shareable-answer.js';
import { passesCsrfCheck } from '../plugins/use-browser-policy.js';
import { matchesIfNoneMatch } from '../plugins/use-http-caching.js';
import { mayRunAdHocDocuments } from '../plugins/use-persisted-operations.js';
import { budgetOf, rateLimitHeaderValues } from '../plugins/use-rate-limit.js';
import { REQUEST_ID_HEADER, requestIdFrom } from '../plugins/use-request-id.js';
import {
  type CanonicalRequest,
  canonicalFromBody,
  canonicalFromSearch,
} from './canonical-request.js';
import { type Handoff, handOff } from './handoff.js';
import { decodeRecordedAnswer, type RecordedAnswer } from './recorded-answer.js';

export interface WarmAnswerOptions {
  /** The path it is in front of (what the access log names). */
  readonly graphqlPath: string;
  readonly storeHash: string;
  /** The whole-response cache's store, where `useAnswerRecorder` keeps what it records. */
  readonly store: CacheStore;
  readonly authenticate: Authenticate;
  readonly clientIp: ClientIpResolver;
  readonly limiter: RateLimiter;
  readonly limits: Config['access']['rateLimits'];
  readonly manifest: PersistedManifest;
  readonly documents: PersistedDocumentStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Larger bodies are left to Yoga (and its body limit). */
  readonly maxBodyBytes: number;
}

/** Answers the request and resolves `true`, or resolves `false` for Yoga to answer it. */
export type ServeWarmAnswer = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The fast path for warm answers, in front of Yoga on the GraphQL path: a request whose answer the
 * full pipeline recorded gets those bytes again without GraphQL parsing, the fetch API emulation
 * or re-serialising. It keeps the pipeline's rules and order: the CSRF check, authentication, the
 * persisted-only rule and one rate-limit unit (what a whole-response cache hit costs) come first,
 * and whatever it is not sure of (an `Origin`, an unusual request shape, a bad credential, a
 * refused charge, a miss) is Yoga's, with what was already done handed over (`handoff.ts`).
 */
export function createWarmAnswerServer(options: WarmAnswerOptions): ServeWarmAnswer {
  const { metrics } = options;
  // Bounded apart from the store: these are copies, ready to write, of what it holds.
  const replays = new LRUCache<string, Replay>({
    max: REPLAYS_KEPT,
    maxSize: REPLAY_BYTES_KEPT,
    // The recorded text (up to 2 bytes a character) and its bytes.
    sizeCalculation: (replay) => Math.max(1, replay.body.byteLength * 3),
  });

  const replayOf = (key: string, raw: string): Replay | undefined => {
    const known = replays.get(key);
    if (known?.raw === raw) return known;
    const answer = decodeRecordedAnswer(raw);
    if (!answer) return undefined;
    const replay = toReplay(raw, answer);
    replays.set(key, replay);
    return replay;
  };

  return async (req, res) => {
    const started = performance.now();
    const canonical = await canonicalRequestOf(req, options.maxBodyBytes);
    if (canonical === 'gone') return true;
    if (!canonical) {
      metrics.fastPath('bypass');
      return false;
    }
    const headers = req.headers;
    let viewer: Viewer;
    try {
      viewer = await options.authenticate({
        authorization: headers.authorization ?? null,
        apiKey: headerText(headers['x-api-key']) ?? null,
        clientIp: options.clientIp(
          req.socket.remoteAddress,
          headerText(headers['x-forwarded-for']) ?? null,
        ),
      });
    } catch (error) {
      // Yoga authenticates again and gives the refusal its usual answer.
      if (error instanceof UnauthenticatedError) {
        metrics.fastPath('bypass');
        return false;
      }
      throw error;
    }
    if (!(await mayRunDocument(options, viewer, canonical))) {
      handOff(req, { viewer });
      metrics.fastPath('bypass');
      return false;
    }
    const budget = budgetOf(viewer, options.limits);
    const state = await options.limiter.charge(budget.subject, budget.spec, 1);
    const handoff: Handoff = { viewer, charged: { budget, state } };
    if (!state.allowed) {
      handOff(req, handoff);
      metrics.fastPath('bypass');
      return false;
    }
    const key = recordedAnswerKey(options.storeHash, answerDigest(req, viewer, canonical));
    const [raw] = await options.store.mget([key]).catch(() => [undefined]);
    const replay = raw === undefined ? undefined : replayOf(key, raw);
    if (!replay) {
      handOff(req, { ...handoff, answerKey: key });
      metrics.fastPath('miss');
      return false;
    }

    const requestId = requestIdFrom(headerText(headers[REQUEST_ID_HEADER]));
    const own = [REQUEST_ID_HEADER, requestId];
    if (replay.rateLimitHeaders) {
      const [policy, remaining] = rateLimitHeaderValues(budget, state);
      own.push('ratelimit-policy', policy, 'ratelimit', remaining);
    }
    let status = 200;
    if (
      replay.etag &&
      matchesIfNoneMatch(headerText(headers['if-none-match']) ?? null, replay.etag)
    ) {
      status = 304;
      res.writeHead(304, [...replay.notModifiedHeaders, ...own]);
      res.end();
      metrics.fastPath('not_modified');
    } else {
      res.writeHead(200, [...replay.headers, ...own]);
      res.end(replay.body);
      metrics.fastPath('hit');
    }
    metrics.responseCache('hit');
    const ms = performance.now() - started;
    metrics.httpRequest(req.method ?? 'GET', status, ms / 1000);
    // The same access line as the pipeline's (`use-request-log.ts`).
    options.logger.info(
      { requestId, method: req.method, path: options.graphqlPath, status, ms: Math.round(ms) },
      'request',
    );
    return true;
  };
}

/** How many decoded answers are kept ready to send (bytes and header lists), and in how much memory. */
const REPLAYS_KEPT = 1_000;
const REPLAY_BYTES_KEPT = 16 * 1024 * 1024;

/** A recorded answer, ready to write. */
interface Replay {
  /** The stored text it was decoded from: a new recording under the same key replaces it. */
  readonly raw: string;
  readonly body: Buffer;
  /** Flat `[name, value, …]` lists, as `writeHead` takes them. */
  readonly headers: readonly string[];
  readonly notModifiedHeaders: readonly string[];
  readonly etag: string | undefined;
  readonly rateLimitHeaders: boolean;
}

function toReplay(raw: string, answer: RecordedAnswer): Replay {
  const body = Buffer.from(answer.body, 'utf8');
  const flat = (list: readonly (readonly [string, string])[]) => list.flat();
  // A 304 has no body to describe (what the pipeline's HTTP caching sends too).
  const bodyless = answer.headers.filter(([name]) => name !== 'content-type');
  return {
    raw,
    body,
    headers: [...flat(answer.headers), 'content-length', String(body.byteLength)],
    notModifiedHeaders: flat(bodyless),
    etag: answer.headers.find(([name]) => name === 'etag')?.[1],
    rateLimitHeaders: answer.rateLimitHeaders,
  };
}

/**
 * The key's digest: the canonical request, and everything else the pipeline's answer depends on:
 * the method (a `GET` answer may be public, with an ETag), `Accept` (the media type), the viewer's
 * answer class (what it may see) and whether its headers are public (anonymous) or its own.
 */
function answerDigest(req: IncomingMessage, viewer: Viewer, canonical: CanonicalRequest): string {
  const hash = createHash('sha256')
    .update(req.method ?? '')
    .update('\0')
    .update(req.headers.accept ?? '')
    .update('\0')
    .update(isPublicViewer(viewer) ? 'public' : 'private')
    .update('\0')
    .update(answerClassOf(viewer))
    .update('\0')
    .update(canonical.via)
    .update('\0')
    .update(canonical.via === 'text' ? canonical.query : canonical.hash)
    .update('\0')
    .update(canonical.variables)
    .update('\0')
    .update(canonical.operationName);
  return hash.digest('base64url');
}

/**
 * The persisted-operations rule, as `use-persisted-operations.ts` applies it: persisted-only keys
 * run manifest documents only; anyone else may send a document, or name one APQ registered.
 */
async function mayRunDocument(
  options: WarmAnswerOptions,
  viewer: Viewer,
  canonical: CanonicalRequest,
): Promise<boolean> {
  if (canonical.via === 'text') return mayRunAdHocDocuments(viewer);
  if (options.manifest.has(canonical.hash)) return true;
  if (!mayRunAdHocDocuments(viewer)) return false;
  return (await options.documents.get(canonical.hash)) !== undefined;
}

/**
 * The canonical form of a plain GraphQL request, `undefined` for anything else (left to Yoga), or
 * `'gone'` when the client went away while its body was being read. A `POST` body read here stays
 * on the request (`req.body`) for Yoga, which reads it from there.
 */
async function canonicalRequestOf(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<CanonicalRequest | undefined | 'gone'> {
  const { headers, method } = req;
  if (method !== 'GET' && method !== 'POST') return undefined;
  // CORS answers depend on the origin; Yoga's CSRF refusal is Yoga's to give.
  if (headers.origin !== undefined || !passesCsrfCheck(headers)) return undefined;
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  if (method === 'GET') {
    return canonicalFromSearch(new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)));
  }
  if (queryAt >= 0 || !JSON_CONTENT_TYPE.test(headers['content-type'] ?? '')) return undefined;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > maxBodyBytes) return undefined;
  const body = await readBody(req);
  if (!body) return 'gone';
  Object.assign(req, { body });
  try {
    return canonicalFromBody(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

/** `application/json`, with or without parameters, as Yoga reads a JSON body. */
const JSON_CONTENT_TYPE = /^application\/json\s*(?:;|$)/i;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', () => resolve(undefined));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

/** Node gives a repeated header as an array only for a few names; read those as one line. */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

import { LRUCache } from 'lru-cache';
import type { CacheEntry } from './cache.js';

/** How long one resource type is served, and served stale. */
export interface CachePolicy {
  /** Served as fresh for this long. */
  readonly ttlMs: number;
  /** After `ttlMs`, served stale for this long while a background refresh runs. */
  readonly staleWhileRevalidateMs: number;
  /** After `ttlMs`, served stale for this long when upstream fails. */
  readonly staleIfErrorMs: number;
  /** A cached "not found" (`null`) is fresh for this long, and never served stale. */
  readonly negativeTtlMs: number;
}

/** What the entity cache stores, as JSON: the value (`null` = not found) and its timing. */
export interface Envelope<T> {
  readonly v: T | null;
  readonly storedAt: number;
  readonly freshUntil: number;
}

export type Lookup<T> =
  | { readonly state: 'fresh'; readonly envelope: Envelope<T> }
  | { readonly state: 'stale'; readonly envelope: Envelope<T> }
  | { readonly state: 'miss'; readonly fallback?: Envelope<T> };

function parseEnvelope<T>(raw: string): Envelope<T> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || !('v' in parsed)) return undefined;
    const { storedAt, freshUntil } = parsed as { storedAt?: unknown; freshUntil?: unknown };
    if (typeof storedAt !== 'number' || typeof freshUntil !== 'number') return undefined;
    // Only this module writes envelopes, so the value is trusted to be what was stored.
    return parsed as Envelope<T>;
  } catch {
    return undefined;
  }
}

/** Decides how a stored envelope may be used at `now`. Unreadable values are misses. */
export function classify<T>(
  envelope: Envelope<T> | undefined,
  now: number,
  policy: CachePolicy,
): Lookup<T> {
  if (!envelope) return { state: 'miss' };
  if (now < envelope.freshUntil) return { state: 'fresh', envelope };
  if (envelope.v === null) return { state: 'miss' };
  if (now < envelope.freshUntil + policy.staleWhileRevalidateMs)
    return { state: 'stale', envelope };
  if (now < envelope.freshUntil + policy.staleIfErrorMs)
    return { state: 'miss', fallback: envelope };
  return { state: 'miss' };
}

/** Reads stored envelopes: `undefined` for a miss or an unreadable value. */
export type EnvelopeReader = <T>(key: string, raw: string | undefined) => Envelope<T> | undefined;

/**
 * An envelope reader that parses each stored text once: while a key's stored text is the one
 * parsed last, the same envelope is handed out again. A warm listing is one large JSON text, and
 * parsing it on every request was most of what serving it cost. Values are therefore shared
 * across requests and must be treated as read-only. (They are not frozen: Pothos marks the
 * objects `node(id:)` returns with their type, the same mark on every request.)
 *
 * @param maxChars the most stored text (UTF-16 units) whose parse is kept; older ones are dropped.
 */
export function createEnvelopeReader(maxChars: number): EnvelopeReader {
  const parsed = new LRUCache<string, { raw: string; envelope: Envelope<unknown> }>({
    maxSize: Math.max(1, maxChars),
    sizeCalculation: (entry) => Math.max(1, entry.raw.length),
  });
  return <T>(key: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const known = parsed.get(key);
    // The memory store hands back the very string it holds, so this is usually a pointer check.
    if (known?.raw === raw) return known.envelope as Envelope<T>;
    const envelope = parseEnvelope<T>(raw);
    if (envelope) parsed.set(key, { raw, envelope });
    else parsed.delete(key);
    return envelope;
  };
}

/** The store entry for a fetched value; it outlives its freshness by the longest stale window. */
export function toEntry<T>(
  key: string,
  value: T | null,
  now: number,
  policy: CachePolicy,
  tags: readonly string[],
): CacheEntry {
  const freshMs = value === null ? policy.negativeTtlMs : policy.ttlMs;
  const keepMs =
    value === null
      ? freshMs
      : freshMs + Math.max(policy.staleWhileRevalidateMs, policy.staleIfErrorMs);
  const envelope: Envelope<T> = { v: value, storedAt: now, freshUntil: now + freshMs };
  return { key, value: JSON.stringify(envelope), ttlMs: Math.max(1, Math.ceil(keepMs)), tags };
}

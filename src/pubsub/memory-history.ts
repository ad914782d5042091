import { compareEventIds } from './event-ids.js';
import type { NewEvent, TopicName, Topics } from './topics.js';

/** A topic's recent events, oldest first, bounded by age and by count. */
export interface MemoryHistory {
  /** Stores the event under a new id, later than every id given before. */
  append<K extends TopicName>(topic: K, event: NewEvent<K>): Topics[K];
  /** The events after `after` still kept, in order. */
  after<K extends TopicName>(topic: K, after: string): Topics[K][];
}

export interface MemoryHistoryOptions {
  readonly windowMs: number;
  /** Events kept per topic however young. */
  readonly maxLength: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface Entry {
  readonly atMs: number;
  readonly event: Topics[TopicName];
}

/** The history of one process (no Redis, or Redis down): ids are `<ms>-<seq>` like a stream's. */
export function createMemoryHistory(options: MemoryHistoryOptions): MemoryHistory {
  const now = options.now ?? Date.now;
  const rings = new Map<TopicName, Entry[]>();
  let lastMs = 0;
  let seq = 0;

  const nextId = (atMs: number) => {
    // Never backwards, even if the clock is: ids order the history.
    if (atMs > lastMs) {
      lastMs = atMs;
      seq = 0;
    } else seq += 1;
    return `${lastMs}-${seq}`;
  };

  const trimmed = (topic: TopicName) => {
    const ring = rings.get(topic) ?? [];
    const oldest = now() - options.windowMs;
    let drop = Math.max(0, ring.length - options.maxLength);
    while (drop < ring.length && (ring[drop]?.atMs ?? 0) < oldest) drop += 1;
    if (drop > 0) ring.splice(0, drop);
    rings.set(topic, ring);
    return ring;
  };

  return {
    append(topic, event) {
      const atMs = now();
      const stored = { ...event, eventId: nextId(atMs) } as Topics[typeof topic];
      const ring = trimmed(topic);
      ring.push({ atMs, event: stored });
      if (ring.length > options.maxLength) ring.shift();
      return stored;
    },
    after(topic, after) {
      return trimmed(topic)
        .filter((entry) => compareEventIds(entry.event.eventId, after) > 0)
        .map((entry) => entry.event as Topics[typeof topic]);
    },
  };
}

import type { Redis } from 'ioredis';
import { parseEvent } from './event-schemas.js';
import type { NewEvent, TopicName, Topics } from './topics.js';

/**
 * KEYS[1] the topic's stream; ARGV: the event as JSON (an object, without `eventId`), window (ms),
 * max length, live channel. Appends, trims by age (MINID, the stream ids' own clock) and by length,
 * lets an idle topic's stream expire, and publishes the event with its id, all at once: an event is
 * never in the history without having been published, nor published without a resumable id.
 */
const APPEND_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minid = tostring(math.max(0, now - tonumber(ARGV[2])))
local id = redis.call('XADD', KEYS[1], 'MINID', '~', minid, '*', 'e', ARGV[1])
redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[4], '{"eventId":"' .. id .. '",' .. string.sub(ARGV[1], 2))
return id
`;

interface HistoryCommands {
  bcgwEventAppend(
    key: string,
    json: string,
    windowMs: number,
    maxLength: number,
    channel: string,
  ): Promise<string>;
}

/** Entries read per XRANGE: a resume reads the missed events a page at a time. */
const PAGE = 500;

export interface RedisHistory {
  /** Appends and publishes in one script; rejects when Redis does not answer. */
  append<K extends TopicName>(topic: K, event: NewEvent<K>): Promise<Topics[K]>;
  /** The stream's events after `after`, oldest first (at most `maxLength`). */
  after<K extends TopicName>(topic: K, after: string): Promise<Topics[K][]>;
}

export interface RedisHistoryOptions {
  readonly commands: Redis;
  readonly streamKey: (topic: TopicName) => string;
  readonly channel: (topic: TopicName) => string;
  readonly windowMs: number;
  readonly maxLength: number;
}

export function createRedisHistory(options: RedisHistoryOptions): RedisHistory {
  const { windowMs, maxLength } = options;
  options.commands.defineCommand('bcgwEventAppend', { numberOfKeys: 1, lua: APPEND_LUA });
  const commands = options.commands as unknown as HistoryCommands & Redis;

  return {
    async append(topic, event) {
      const json = JSON.stringify(event);
      const eventId = await commands.bcgwEventAppend(
        options.streamKey(topic),
        json,
        windowMs,
        maxLength,
        options.channel(topic),
      );
      return { ...event, eventId } as Topics[typeof topic];
    },
    async after(topic, after) {
      const events: Topics[typeof topic][] = [];
      let from = `(${after}`;
      while (events.length < maxLength) {
        const page = await commands.xrange(options.streamKey(topic), from, '+', 'COUNT', PAGE);
        for (const [eventId, fields] of page) {
          const event = parseEvent(topic, { ...parseJson(fields[1]), eventId });
          if (event) events.push(event);
        }
        const last = page.at(-1);
        if (page.length < PAGE || !last) break;
        from = `(${last[0]}`;
      }
      return events;
    },
  };
}

function parseJson(text: string | undefined): object {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

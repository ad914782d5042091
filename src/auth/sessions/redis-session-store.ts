import { storeKey } from '../../redis/redis-keys.js';
import type { RedisOwner } from '../../redis/redis-owner.js';
import type { RotationOutcome, SessionStore } from './session-store.js';

/**
 * Sessions in Redis, shared by every replica: one hash per session at
 * `bcgw:v1:{store}:session:<id>`, expiring with the session:
 *   c, g   customer id and group id
 *   r      hash of the refresh token that may be used next
 *   x      when the session ends (ms, the gateway's clock; Redis' TTL follows it)
 *   n      rotations so far
 *   u:<h>  one field per refresh token already used, to tell a reuse from a forgery
 */

/**
 * KEYS[1] session; ARGV: presented hash, next hash, new end (ms), now (ms), max rotations,
 * TTL (ms). Answers { outcome, customer id, group id }.
 */
const ROTATE_LUA = `
local s = redis.call('HMGET', KEYS[1], 'c', 'g', 'r', 'x', 'n')
if not s[3] then return {'unknown'} end
if tonumber(s[4]) <= tonumber(ARGV[4]) then
  redis.call('DEL', KEYS[1])
  return {'unknown'}
end
if s[3] == ARGV[1] then
  local n = tonumber(s[5]) or 0
  if n >= tonumber(ARGV[5]) then
    redis.call('DEL', KEYS[1])
    return {'exhausted'}
  end
  redis.call('HSET', KEYS[1], 'r', ARGV[2], 'x', ARGV[3], 'n', n + 1, 'u:' .. ARGV[1], '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  return {'rotated', s[1], s[2]}
end
if redis.call('HEXISTS', KEYS[1], 'u:' .. ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1])
  return {'reused'}
end
return {'unknown'}
`;

interface RotateCommand {
  bcgwSessionRotate(key: string, ...args: (string | number)[]): Promise<string[]>;
}

export function createRedisSessionStore(owner: RedisOwner, storeHash: string): SessionStore {
  const redis = owner.commands;
  redis.defineCommand('bcgwSessionRotate', { numberOfKeys: 1, lua: ROTATE_LUA });
  const commands = redis as unknown as RotateCommand;
  const keyOf = (sessionId: string) => storeKey(storeHash, `session:${sessionId}`);

  // Failures are told to the owner's health (logged once per outage) and passed on.
  const attempt = <T>(run: () => Promise<T>): Promise<T> => owner.health.track(run);

  return {
    create: (sessionId, record, nowMs) =>
      attempt(async () => {
        const key = keyOf(sessionId);
        const results = await redis
          .multi()
          .hset(key, {
            c: record.customerId,
            g: record.customerGroupId,
            r: record.refreshHash,
            x: record.expiresAtMs,
            n: 0,
          })
          .pexpire(key, Math.max(1, record.expiresAtMs - nowMs))
          .exec();
        const failure = results?.find(([error]) => error)?.[0];
        if (!results || failure) throw failure ?? new Error('session create was discarded');
      }),
    isLive: (sessionId) => attempt(async () => (await redis.exists(keyOf(sessionId))) === 1),
    rotate: (sessionId, rotation) =>
      attempt(async () => {
        const [kind, customerId, customerGroupId] = await commands.bcgwSessionRotate(
          keyOf(sessionId),
          rotation.presentedHash,
          rotation.nextHash,
          rotation.expiresAtMs,
          rotation.nowMs,
          rotation.maxRotations,
          Math.max(1, rotation.expiresAtMs - rotation.nowMs),
        );
        return toOutcome(kind, customerId, customerGroupId);
      }),
    revoke: (sessionId) => attempt(async () => (await redis.del(keyOf(sessionId))) === 1),
  };
}

function toOutcome(
  kind: string | undefined,
  customerId: string | undefined,
  customerGroupId: string | undefined,
): RotationOutcome {
  switch (kind) {
    case 'rotated':
      return { kind, customerId: Number(customerId), customerGroupId: Number(customerGroupId) };
    case 'reused':
    case 'exhausted':
      return { kind };
    default:
      return { kind: 'unknown' };
  }
}

/**
 * Lua run atomically in Redis so every replica draws from one budget. State is one hash at the
 * governor's key, times in ms on Redis' own clock (TIME) so replicas' clock skew does not matter:
 *   quota, windowMs   last values BigCommerce reported
 *   left              requests left, as reconciled with the latest answer
 *   taken             tokens handed out since `left` was reconciled
 *   resetAt           when the current window ends
 *   blockedUntil      end of the wait a 429 with headers imposed
 *   backoffUntil, backoffAttempt   load-shedding backoff after bare 429s
 * The key expires after ARGV ttl of silence; an absent `left` means "no header seen: don't block".
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS[1] state; ARGV: reserveFraction, safetyMargin, defaultQuota, defaultWindowMs, ttlMs.
 * Returns 0 when a token was taken, else the ms to wait before asking again.
 */
export const ACQUIRE_LUA = `${NOW}
local s = redis.call('HMGET', KEYS[1], 'quota', 'windowMs', 'left', 'taken', 'resetAt',
  'blockedUntil', 'backoffUntil')
local blocked = math.max(tonumber(s[6]) or 0, tonumber(s[7]) or 0)
if blocked > now then return blocked - now end
local left = tonumber(s[3])
if not left then return 0 end
local quota = tonumber(s[1]) or tonumber(ARGV[3])
local windowMs = tonumber(s[2]) or tonumber(ARGV[4])
local taken = tonumber(s[4]) or 0
local resetAt = tonumber(s[5]) or 0
if now >= resetAt then
  left = quota
  taken = 0
  resetAt = now + windowMs
  redis.call('HSET', KEYS[1], 'left', left, 'taken', 0, 'resetAt', resetAt)
end
local reserve = math.max(tonumber(ARGV[2]), math.ceil(quota * tonumber(ARGV[1])))
if left - taken - 1 < reserve then return math.max(1, resetAt - now) end
redis.call('HINCRBY', KEYS[1], 'taken', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0
`;

/**
 * KEYS[1] state; ARGV: status, windowMs, resetMs, quota, left ('' when absent), defaultQuota,
 * defaultWindowMs, backoffBaseMs, backoffCapMs, jitter (0..1), ttlMs. Returns nothing useful.
 */
export const OBSERVE_LUA = `${NOW}
local status = tonumber(ARGV[1])
local obsReset = tonumber(ARGV[3])
local obsLeft = tonumber(ARGV[5])
local s = redis.call('HMGET', KEYS[1], 'quota', 'windowMs', 'left', 'taken', 'resetAt',
  'backoffUntil', 'backoffAttempt', 'blockedUntil')
if obsLeft and obsReset then
  local quota = tonumber(ARGV[4]) or tonumber(s[1]) or tonumber(ARGV[6])
  local windowMs = tonumber(ARGV[2]) or tonumber(s[2]) or tonumber(ARGV[7])
  local left = tonumber(s[3])
  local resetAt = tonumber(s[5]) or 0
  local observedAt = now + obsReset
  -- Within one window left only falls; tokens taken after this answer was produced still count.
  if left and now < resetAt and math.abs(observedAt - resetAt) <= windowMs / 2 then
    obsLeft = math.min(obsLeft, left - (tonumber(s[4]) or 0))
  end
  redis.call('HSET', KEYS[1], 'quota', quota, 'windowMs', windowMs, 'left', obsLeft,
    'taken', 0, 'resetAt', observedAt)
  if status == 429 then
    redis.call('HSET', KEYS[1], 'blockedUntil', math.max(tonumber(s[8]) or 0, observedAt))
  end
elseif status == 429 then
  -- Requests in flight answer 429 together: only one sent after the backoff ended lengthens it.
  if now < (tonumber(s[6]) or 0) then return 0 end
  local attempt = (tonumber(s[7]) or 0) + 1
  local delay = math.min(tonumber(ARGV[9]), tonumber(ARGV[8]) * 2 ^ (attempt - 1))
  delay = math.floor(delay + delay * 0.1 * tonumber(ARGV[10]))
  redis.call('HSET', KEYS[1], 'backoffAttempt', attempt, 'backoffUntil', now + delay)
  redis.call('PEXPIRE', KEYS[1], ARGV[11])
  return 0
end
if status ~= 429 and status < 500 then
  redis.call('HDEL', KEYS[1], 'backoffAttempt', 'backoffUntil')
end
redis.call('PEXPIRE', KEYS[1], ARGV[11])
return 0
`;

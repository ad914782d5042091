/**
 * The oldest Redis the gateway runs on. Everything it sends exists since Redis 5 (SET PX, PTTL,
 * PEXPIRE without NX/GT, SMEMBERS/SREM, EVALSHA with effects replication, PUBLISH); 6.2 is the
 * oldest release line it claims, so a managed Redis 6.2 works and nothing needs Redis 7.
 */
export const MIN_REDIS_VERSION = '6.2.0';

/** `redis_version` from an `INFO server` answer, if it has one. */
export function parseRedisVersion(info: string): string | undefined {
  return /^redis_version:([0-9][0-9.]*)\s*$/m.exec(info)?.[1];
}

/** Whether `found` (e.g. `7.0.15`) is at least `required`, comparing major, minor, patch. */
export function isVersionAtLeast(found: string, required: string): boolean {
  const a = found.split('.').map(Number);
  const b = required.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

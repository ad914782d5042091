import { stringListParam } from './query.js';

/**
 * Applies `include_fields` / `exclude_fields` to a record. `id` is always returned, as the
 * spec says ("The ID and the specified fields will be returned").
 */
export function projector(query: URLSearchParams): (record: object) => Record<string, unknown> {
  const include = stringListParam(query, 'include_fields');
  const exclude = new Set(stringListParam(query, 'exclude_fields') ?? []);
  if (!include && exclude.size === 0) return (record) => ({ ...record });
  const keep = include ? new Set([...include, 'id']) : undefined;
  return (record) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'id' && (exclude.has(key) || (keep && !keep.has(key)))) continue;
      out[key] = value;
    }
    return out;
  };
}

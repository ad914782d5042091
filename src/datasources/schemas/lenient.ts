import { z } from 'zod';
import { registerLenient } from './conforms.js';

/** An item a lenient schema left out: where it was, its id when it had one, and what was wrong. */
export interface DroppedItem {
  /** The array it sat in (`data`, `images`, `variants.option_values`, ...). */
  in: string;
  id?: number | string;
  /** `path: code` of each zod issue; never the values themselves. */
  issues: string[];
}

let collector: DroppedItem[] | undefined;

/**
 * Runs a parse and returns what lenient schemas dropped during it. zod parses synchronously (none
 * of these schemas refines asynchronously), so one module-level collector cannot mix two parses.
 */
export function collectDropped<T>(parse: () => T): { result: T; dropped: DroppedItem[] } {
  const outer = collector;
  const dropped: DroppedItem[] = [];
  collector = dropped;
  try {
    return { result: parse(), dropped };
  } finally {
    collector = outer;
  }
}

/**
 * Parses one item, reporting it when it does not match. Drops found inside an item that is itself
 * dropped are not reported: the outer drop says it all.
 */
function parseItem<T extends z.ZodType>(schema: T, value: unknown, where: string) {
  const outer = collector;
  const inner: DroppedItem[] = [];
  collector = inner;
  const parsed = schema.safeParse(value);
  collector = outer;
  if (parsed.success) {
    outer?.push(...inner);
    return { ok: true as const, data: parsed.data as z.output<T> };
  }
  outer?.push({
    in: where,
    id: idOf(value),
    issues: parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(item)'}: ${issue.code}`,
    ),
  });
  return { ok: false as const };
}

/**
 * An array whose malformed items are left out (and reported through `collectDropped`) instead of
 * failing the whole answer: one bad image must not cost a page of 250 products.
 */
export function lenientArray<T extends z.ZodType>(item: T, where: string) {
  const schema = z.array(z.unknown()).transform((values) => {
    const kept: z.output<T>[] = [];
    for (const value of values) {
      const parsed = parseItem(item, value, where);
      if (parsed.ok) kept.push(parsed.data);
    }
    return kept;
  });
  registerLenient(schema, item, 'array');
  return schema;
}

/** An optional object that becomes `null` (reported) when malformed, e.g. `primary_image`. */
export function lenientObject<T extends z.ZodType>(schema: T, where: string) {
  const lenient = z.unknown().transform((value): z.output<T> | null | undefined => {
    if (value === undefined || value === null) return value;
    const parsed = parseItem(schema, value, where);
    return parsed.ok ? parsed.data : null;
  });
  registerLenient(lenient, schema, 'object');
  return lenient;
}

function idOf(value: unknown): number | string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const id = record.id ?? record.category_id;
  return typeof id === 'number' || typeof id === 'string' ? id : undefined;
}

import type { z } from 'zod';

/**
 * A quick test that a JSON value already is what its zod schema would output: every known field
 * has the right type, no enum value needs catching and no lenient list needs an item dropped. Such
 * a value can be used as it is, which spares zod copying every object of a 150 KB page. Anything
 * else (and every schema this module does not understand) goes through zod, which stays the one
 * judge of what is valid and what gets dropped or reported.
 */
export type Conforms = (value: unknown) => boolean;

/** Lenient wrappers (`lenient.ts`) register here, since their item schema hides in a transform. */
const lenient = new WeakMap<z.ZodType, { item: z.ZodType; kind: 'array' | 'object' }>();

/**
 * Tells this module what `wrapper` keeps as it is: an array whose items all pass `item`, or (an
 * object) `null`, `undefined` or a value that passes `item`.
 */
export function registerLenient(
  wrapper: z.ZodType,
  item: z.ZodType,
  kind: 'array' | 'object',
): void {
  lenient.set(wrapper, { item, kind });
}

const compiled = new WeakMap<z.ZodType, Conforms | null>();

/**
 * The conformance test of `schema`, or `undefined` when some part of it (a transform, a default,
 * a refinement, a union) may change or reject values in ways only zod knows. Built once per schema.
 */
export function conformsTo(schema: z.ZodType): Conforms | undefined {
  let test = compiled.get(schema);
  if (test === undefined) {
    test = compile(schema, new Map());
    compiled.set(schema, test);
  }
  return test ?? undefined;
}

/**
 * `seen` holds every schema of this build, finished or not: a schema reached again while its own
 * test is being built (a recursive one) is called through a late reference. Only a whole build
 * that succeeded is kept, so no reference is ever left pointing at a failed part.
 */
function compile(schema: z.ZodType, seen: Map<z.ZodType, Conforms | null>): Conforms | null {
  if (seen.has(schema)) return seen.get(schema) ?? null;
  let self: Conforms | null = null;
  seen.set(schema, (value) => (self as Conforms)(value));
  self = build(schema, seen);
  seen.set(schema, self);
  return self;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  checks?: readonly unknown[];
}

/**
 * The definition keys each understood type may have. Anything more is a refinement this module
 * cannot judge: a format (`z.int()`, `z.email()` carry `format` and `check`), checks, a pattern.
 */
const PLAIN_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  unknown: new Set(['type']),
  any: new Set(['type']),
  string: new Set(['type', 'checks', 'coerce']),
  number: new Set(['type', 'checks', 'coerce']),
  boolean: new Set(['type', 'checks', 'coerce']),
  enum: new Set(['type', 'entries']),
  optional: new Set(['type', 'innerType']),
  nullable: new Set(['type', 'innerType']),
  catch: new Set(['type', 'innerType', 'catchValue']),
  array: new Set(['type', 'element', 'checks']),
  object: new Set(['type', 'shape', 'catchall']),
};

function isPlain(def: Def): boolean {
  const allowed = PLAIN_KEYS[def.type];
  if (!allowed || (def.checks && def.checks.length > 0)) return false;
  return Object.keys(def).every((key) => allowed.has(key));
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function build(schema: z.ZodType, seen: Map<z.ZodType, Conforms | null>): Conforms | null {
  const wrapped = lenient.get(schema);
  if (wrapped) {
    const item = compile(wrapped.item, seen);
    if (!item) return null;
    if (wrapped.kind === 'array') return (value) => Array.isArray(value) && value.every(item);
    return (value) => value === undefined || value === null || item(value);
  }
  const def = defOf(schema);
  if (!isPlain(def)) return null;
  switch (def.type) {
    case 'unknown':
    case 'any':
      return () => true;
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'enum': {
      // zod's own set of accepted values (it leaves out a numeric TS enum's reverse mappings).
      const allowed = (schema as unknown as { _zod: { values?: ReadonlySet<unknown> } })._zod
        .values;
      return allowed ? (value) => allowed.has(value) : null;
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType, seen);
      return inner ? (value) => value === undefined || inner(value) : null;
    }
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType, seen);
      return inner ? (value) => value === null || inner(value) : null;
    }
    // A caught failure replaces the value, so only a value the inner schema accepts is kept as is.
    case 'catch':
      return (def.innerType && compile(def.innerType, seen)) ?? null;
    case 'array': {
      const element = def.element && compile(def.element, seen);
      return element ? (value) => Array.isArray(value) && value.every(element) : null;
    }
    case 'object':
      return buildObject(def, seen);
    default:
      return null;
  }
}

function buildObject(def: Def, seen: Map<z.ZodType, Conforms | null>): Conforms | null {
  // Only loose objects keep unknown keys; a strict or stripping object would change the value.
  if (!def.catchall || defOf(def.catchall).type !== 'unknown') return null;
  const checks: Record<string, Conforms> = Object.create(null);
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const check = compile(field, seen);
    if (!check) return null;
    checks[key] = check;
  }
  // Trimmed answers (`include_fields`) carry a few of the many known keys: walk the value's keys,
  // then make sure no required key was missing. A required key is one `undefined` fails.
  const required = Object.keys(checks).filter((key) => {
    const check = checks[key];
    // Recursive references are not callable yet: they are objects, hence required.
    return check === undefined || !safeAccepts(check, undefined);
  });
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const check = checks[key];
      if (check !== undefined && !check(record[key])) return false;
    }
    for (const key of required) if (!(key in record)) return false;
    return true;
  };
}

function safeAccepts(check: Conforms, value: unknown): boolean {
  try {
    return check(value);
  } catch {
    return false;
  }
}

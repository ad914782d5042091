import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  print,
} from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { answerClassOf } from '../plugins/shareable-answer.js';

/**
 * Subscription root fields whose events are public catalog data: what they deliver depends on
 * the event and the viewer's scopes alone (`answerClassOf`), never on who listens. Cart and order
 * events are someone's, so they are never here and each subscriber's are executed for it alone.
 */
export const PUBLIC_EVENT_FIELDS: ReadonlySet<string> = new Set([
  'productUpdated',
  'inventoryUpdated',
]);

/**
 * How long one execution of an event serves the other subscribers of its group: live delivery
 * reaches them all within it; a subscriber further behind (a slow one, a replay) executes the
 * event itself, so it shows the object as it is then, as it would without sharing.
 */
const SHARE_WINDOW_MS = 1_000;
/** Results a group keeps for its members still catching up (a burst of events). */
const KEPT_PER_GROUP = 32;

interface Shared {
  readonly atMs: number;
  readonly result: Promise<ExecutionResult>;
}

interface Group {
  members: number;
  /** The first member's arguments: any member's context executes the group's events alike. */
  readonly args: ExecutionArgs;
  readonly recent: Map<string, Shared>;
}

const documentTexts = new WeakMap<DocumentNode, string>();

/** The groups of one app (never shared between two apps in a process: their stores differ). */
export interface EventSharing {
  /** `subscribe` for a member of the group `key` (see `shareKeyOf`). */
  subscribe(key: string, fallback: Subscribe): (args: ExecutionArgs) => Promise<unknown>;
}

/**
 * What makes two subscriptions answer each event alike: the same document, operation, variables
 * (but the `after` they resume from, which picks events, not their answers) and answer class.
 * `undefined` when the operation is not made of public event fields only.
 */
export function shareKeyOf(args: ExecutionArgs, viewer: Viewer): string | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'subscription') return undefined;
  const resumeVariables = publicEventResumeVariables(operation);
  if (!resumeVariables) return undefined;
  const variables = Object.entries(args.variableValues ?? {})
    .filter(([name, value]) => !resumeVariables.has(name) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    documentText(args.document),
    args.operationName ?? null,
    variables,
    answerClassOf(viewer),
  ]);
}

/**
 * The variables the root fields take `after` from, or `undefined` when a root selection is
 * anything but a public event field (a fragment, `__typename`, a personal field).
 */
function publicEventResumeVariables(operation: OperationDefinitionNode): Set<string> | undefined {
  const names = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !PUBLIC_EVENT_FIELDS.has(selection.name.value)) {
      return undefined;
    }
    for (const argument of selection.arguments ?? []) {
      if (argument.name.value === 'after' && argument.value.kind === Kind.VARIABLE) {
        names.add(argument.value.name.value);
      }
    }
  }
  // A variable used anywhere else as well may change the answer: then it stays in the key.
  const elsewhere = print({ ...operation, variableDefinitions: [] });
  for (const name of names) {
    if (elsewhere.split(`$${name}`).length - 1 > 1) names.delete(name);
  }
  return names;
}

function documentText(document: DocumentNode): string {
  let text = documentTexts.get(document);
  if (text === undefined) {
    text = print(document);
    documentTexts.set(document, text);
  }
  return text;
}

/** The subscribe function Yoga would have run (`onSubscribe`'s `subscribeFn`). */
type Subscribe = (args: ExecutionArgs) => unknown;

/**
 * A member of a group has its own event stream (its resume point, filters, slow-consumer limit,
 * end), but each event is executed once for the whole group, every member getting the same result
 * object, tagged with the event's id. A subscription refused before its stream starts is answered
 * by `fallback`, so its errors read exactly as unshared ones.
 */
export function createEventSharing(): EventSharing {
  const groups = new Map<string, Group>();

  const join = (key: string, args: ExecutionArgs): Group => {
    let group = groups.get(key);
    if (!group) {
      group = { members: 0, args, recent: new Map() };
      groups.set(key, group);
    }
    group.members += 1;
    return group;
  };
  const leave = (key: string, group: Group) => {
    group.members -= 1;
    if (group.members <= 0 && groups.get(key) === group) groups.delete(key);
  };

  const resultFor = (group: Group, event: unknown): Promise<ExecutionResult> => {
    const eventId = eventIdOf(event);
    const now = Date.now();
    const kept = eventId === undefined ? undefined : group.recent.get(eventId);
    if (kept && now - kept.atMs <= SHARE_WINDOW_MS) return kept.result;
    const result = executeEvent(group.args, event, eventId);
    if (eventId === undefined) return result;
    group.recent.delete(eventId);
    group.recent.set(eventId, { atMs: now, result });
    // Oldest first: drop what is past the window or beyond the count.
    for (const [id, shared] of group.recent) {
      if (group.recent.size <= KEPT_PER_GROUP && now - shared.atMs <= SHARE_WINDOW_MS) break;
      group.recent.delete(id);
    }
    return result;
  };

  return {
    subscribe: (key, fallback) => async (args) => {
      const source = await createSourceEventStream(args);
      if (!isAsyncIterable(source)) return fallback(args);
      const group = join(key, args);
      return mapEvents(
        source,
        (event) => resultFor(group, event),
        () => leave(key, group),
      );
    },
  };
}

async function executeEvent(
  args: ExecutionArgs,
  event: unknown,
  eventId: string | undefined,
): Promise<ExecutionResult> {
  const result = await execute({ ...args, rootValue: event });
  return eventId === undefined
    ? result
    : { ...result, extensions: { ...result.extensions, eventId } };
}

function eventIdOf(event: unknown): string | undefined {
  const id = (event as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id : undefined;
}

/** Maps a source iterator without a generator's delay: `return()` reaches the source at once. */
function mapEvents<T, R>(
  source: AsyncIterable<T>,
  map: (value: T) => Promise<R>,
  onEnd: () => void,
): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (!ended) onEnd();
    ended = true;
  };
  const step = async (next: Promise<IteratorResult<T>>): Promise<IteratorResult<R>> => {
    try {
      const value = await next;
      if (value.done) {
        end();
        return { done: true, value: undefined };
      }
      return { done: false, value: await map(value.value) };
    } catch (error) {
      end();
      throw error;
    }
  };
  return {
    next: () => step(iterator.next()),
    async return() {
      end();
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      end();
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

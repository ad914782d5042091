import { GraphQLError } from 'graphql';
import { cursorToOffset, offsetToCursor } from './cursor.js';
import { MAX_PAGE_SIZE, pageWindowFor } from './page-window.js';

/** The page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionWindowArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One upstream page: its items and the total the listing has. */
export interface UpstreamPage<T> {
  items: readonly T[];
  total: number;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function checkPageSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}; got ${value}.`);
  }
  return value;
}

/** Resolves a Relay window (first/after or last/before) to an offset and a count. */
async function windowOf(
  args: ConnectionWindowArgs,
  totalOf: () => Promise<number>,
): Promise<{ offset: number; count: number }> {
  if (args.first != null && args.last != null) throw badInput('Pass `first` or `last`, not both.');
  if (args.last != null) {
    const count = checkPageSize('last', args.last);
    const end = args.before != null ? cursorToOffset(args.before) : await totalOf();
    const offset = Math.max(0, end - count);
    return { offset, count: end - offset };
  }
  const count = checkPageSize('first', args.first ?? DEFAULT_PAGE_SIZE);
  const offset = args.after != null ? cursorToOffset(args.after) + 1 : 0;
  if (args.before != null) {
    const end = cursorToOffset(args.before);
    return { offset, count: Math.max(0, Math.min(count, end - offset)) };
  }
  return { offset, count };
}

/**
 * A Relay connection over an offset-paged BigCommerce listing: the window maps onto as few
 * `page`/`limit` requests as possible (one, when walking with a constant `first`).
 */
export async function resolveOffsetConnection<T>(
  args: ConnectionWindowArgs,
  fetchPage: (page: number, limit: number) => Promise<UpstreamPage<T>>,
) {
  const { offset, count } = await windowOf(args, async () => (await fetchPage(1, 1)).total);
  const pages = await Promise.all(
    pageWindowFor(offset, count).map(async (w) => ({
      w,
      result: await fetchPage(w.page, w.limit),
    })),
  );
  const total = pages[0]?.result.total ?? (await fetchPage(1, 1)).total;
  const nodes: T[] = pages
    .flatMap(({ w, result }, i) => (i === 0 ? result.items.slice(w.skip) : [...result.items]))
    .slice(0, count);
  const edges = nodes.map((node, i) => ({ cursor: offsetToCursor(offset + i), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasNextPage: offset + nodes.length < total,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

import { GraphQLError } from 'graphql';

const PREFIX = 'offset:';

/** Opaque connection cursors: base64url of the item's offset in the filtered, sorted list. */
export function offsetToCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** Parses a cursor; a malformed one is the client's mistake, not a server error. */
export function cursorToOffset(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = decoded.startsWith(PREFIX) ? Number(decoded.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || offsetToCursor(offset) !== cursor) {
    throw new GraphQLError('The cursor is malformed: pass a cursor this API returned.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return offset;
}

import type { Reply } from '../http.js';

/** v2's error body: a bare array (`[{ "status": 404, "message": "..." }]`), not v3's object. */
export class V2Error extends Error {
  override readonly name = 'V2Error';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  toReply(): Reply {
    return { status: this.status, body: [{ status: this.status, message: this.message }] };
  }
}

export const v2NotFound = (): V2Error => new V2Error(404, 'The requested resource was not found.');

/** v2 answers an empty list with `204 No Content`. */
export const v2List = (items: readonly unknown[]): Reply =>
  items.length === 0 ? { status: 204, body: undefined } : { body: items };

/** Runs a v2 handler, turning a `V2Error` into its bare-array answer. */
export async function v2Answer(handler: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof V2Error) return error.toReply();
    throw error;
  }
}

/** A positive integer path id, or a 404 as v2 answers an id that names nothing. */
export function pathId(raw: string | undefined): number {
  const id = /^\d+$/.test(raw ?? '') ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw v2NotFound();
  return id;
}

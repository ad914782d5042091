import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { HttpError, readJsonBody } from '../http.js';

/**
 * A JSON body parsed with `schema`, or BigCommerce's 422 (`errorResponse_422`): `errors` maps each
 * refused field by its dotted path (`line_items.0.quantity`) to what is wrong with it.
 */
export async function parseBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    errors[field] ??= issue.message;
  }
  throw new HttpError(422, 'JSON data is missing or invalid', errors);
}

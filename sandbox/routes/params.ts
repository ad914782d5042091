import { notFound } from '../http.js';

/** A numeric path id; anything else cannot name a record, so it is a 404 as upstream. */
export function pathId(params: Record<string, string>, name: string, what: string): number {
  const raw = params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound(what);
  return Number(raw);
}

export const productIdParam = (params: Record<string, string>): number =>
  pathId(params, 'product_id', 'product');

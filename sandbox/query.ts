import { HttpError, type PageRequest } from './http.js';

/** Query parsing with BigCommerce's answer to bad input: 422 naming the parameter. */
const invalid = (name: string, message: string): HttpError =>
  new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', { [name]: message });

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!INTEGER.test(raw)) throw invalid(name, `${name} must be an integer`);
  return Number(raw);
}

export function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!NUMBER.test(raw)) throw invalid(name, `${name} must be a number`);
  return Number(raw);
}

/** A comma-separated integer list (`id:in=1,2,3`, `style: form, explode: false`). */
export function intListParam(query: URLSearchParams, name: string): number[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => !INTEGER.test(part))) {
    throw invalid(name, `${name} must be a comma-separated list of integers`);
  }
  return parts.map(Number);
}

export function stringListParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export function stringParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : raw;
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw invalid(name, `${name} must be a boolean`);
}

/** A spec'd `1`/`0` flag (`is_featured`): anything else, `true` included, is refused with a 422. */
export function flagParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === '1') return true;
  if (raw === '0') return false;
  throw invalid(name, `${name} must be 1 or 0`);
}

export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw invalid(name, `${name} must be one of: ${allowed.join(', ')}`);
  }
  return raw as T;
}

/**
 * `page` (from 1) and `limit` (default 50, at most 250). `cap` lowers the page size without
 * rejecting, as `include=options` does on products (10 per page).
 */
export function pageParams(query: URLSearchParams, cap?: number): PageRequest {
  const page = intParam(query, 'page') ?? 1;
  const limit = intParam(query, 'limit') ?? 50;
  if (page < 1) throw invalid('page', 'page must be at least 1');
  if (limit < 1 || limit > 250) throw invalid('limit', 'limit must be between 1 and 250');
  return { page, limit: cap === undefined ? limit : Math.min(limit, cap) };
}

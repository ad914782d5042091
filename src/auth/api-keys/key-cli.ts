import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatRateLimit, parseRateLimit } from '../rate-limit-spec.js';
import { SCOPES, type Scope, scopeSchema } from '../scopes.js';
import { KEY_ID_PATTERN } from './api-key.js';
import { type ApiKeyInfo, apiKeyRoleSchema, storedApiKeySchema } from './api-key-record.js';
import type { KeyStore, NewApiKey } from './key-store.js';

export const KEYS_USAGE = `Usage: npm run keys -- <command>

  create --name NAME --scopes a,b [--role partner|internal] [--rate-limit N/WINDOW]
         [--expires ISO] [--persisted-only]
      Makes a key and prints it once, alone on the last line. Only its hash is kept.
      --scopes      comma-separated: ${SCOPES.join(', ')}
                    (optional for internal keys, which hold every scope)
      --rate-limit  requests per window, weighted by cost (100 points, about one upstream call,
                    count as one request), e.g. 600/60s, 5000/1h; default: the role's
      --expires     ISO 8601 date or date-time in the future, e.g. 2026-12-31T23:59:59Z
      --persisted-only  only operations from the persisted manifest are accepted
  list
      One line per key, starting with its id. Never a key or a hash.
  revoke KEY_ID
      The key stops working on every gateway at once (Redis) or within a second (keys file).

Keys live in Redis when REDIS_URL is set (with BIGCOMMERCE_STORE_HASH, as the gateway's), else in
API_KEYS_FILE (default api-keys.json).`;

/** Bad input on the command line: exit 2, the message names the option. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type KeyCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'create'; readonly input: NewApiKey }
  | { readonly kind: 'list' }
  | { readonly kind: 'revoke'; readonly id: string };

const CREATE_OPTIONS = ['name', 'scopes', 'role', 'rate-limit', 'expires', 'persisted-only'];

export function parseKeyCommand(argv: readonly string[], now: number = Date.now()): KeyCommand {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(unknown ? `unknown option ${unknown}` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('name a command: create, list or revoke');
  if (command !== 'create') {
    const misplaced = CREATE_OPTIONS.find((option) => option in values);
    if (misplaced) throw new UsageError(`--${misplaced} applies to create only`);
  }
  switch (command) {
    case 'create':
      if (rest.length > 0) throw new UsageError(`create takes options only, not "${rest[0]}"`);
      return { kind: 'create', input: parseCreate(values, now) };
    case 'list':
      if (rest.length > 0) throw new UsageError(`list takes no arguments, not "${rest[0]}"`);
      return { kind: 'list' };
    case 'revoke': {
      const [id, ...extra] = rest;
      if (id === undefined || extra.length > 0 || !KEY_ID_PATTERN.test(id)) {
        throw new UsageError('revoke takes one KEY_ID: the 16-character id `keys list` shows');
      }
      return { kind: 'revoke', id };
    }
    default:
      throw new UsageError(`unknown command "${command}": create, list or revoke`);
  }
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      role: { type: 'string' },
      'rate-limit': { type: 'string' },
      expires: { type: 'string' },
      'persisted-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type CreateValues = ReturnType<typeof parseCommandLine>['values'];

function parseCreate(values: CreateValues, now: number): NewApiKey {
  const role = apiKeyRoleSchema.safeParse(values.role ?? 'partner');
  if (!role.success) throw new UsageError('--role must be partner or internal');
  if (values.name === undefined) throw new UsageError('--name is required');
  const name = values.name.trim();
  if (!storedApiKeySchema.shape.name.safeParse(name).success) {
    throw new UsageError('--name must be 1 to 200 characters, without control characters');
  }
  const scopes = parseScopeList(values.scopes, role.data === 'internal');
  let rateLimit: NewApiKey['rateLimit'];
  if (values['rate-limit'] !== undefined) {
    rateLimit = parseRateLimit(values['rate-limit']);
    if (!rateLimit) {
      throw new UsageError('--rate-limit must look like 600/60s: requests per window (s, m, h, d)');
    }
  }
  return {
    name,
    role: role.data,
    scopes,
    rateLimit,
    expiresAt: values.expires === undefined ? undefined : parseExpiry(values.expires, now),
    persistedOnly: values['persisted-only'] ?? false,
  };
}

function parseScopeList(text: string | undefined, optional: boolean): Scope[] {
  if (text === undefined) {
    if (optional) return [];
    throw new UsageError(`--scopes is required for a partner key: ${SCOPES.join(', ')}`);
  }
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.find((name) => !scopeSchema.safeParse(name).success);
  if (unknown !== undefined) {
    throw new UsageError(`--scopes: unknown scope "${unknown}"; known: ${SCOPES.join(', ')}`);
  }
  if (names.length === 0 && !optional) throw new UsageError('--scopes names no scope');
  return [...new Set(names as Scope[])];
}

const expirySchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

function parseExpiry(text: string, now: number): Date {
  if (!expirySchema.safeParse(text).success) {
    throw new UsageError(
      '--expires must be an ISO 8601 date or date-time, e.g. 2026-12-31T23:59:59Z',
    );
  }
  const date = new Date(text);
  if (date.getTime() <= now) throw new UsageError(`--expires ${text} is not in the future`);
  return date;
}

/** Where a command writes: lines to stdout and to stderr. */
export interface KeyCommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command against `store`; resolves with the exit code. */
export async function runKeyCommand(
  command: KeyCommand,
  store: KeyStore,
  io: KeyCommandOutput,
): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.out(KEYS_USAGE);
      return 0;
    case 'create': {
      const { key, info } = await store.create(command.input);
      io.out(`created ${info.role} key ${JSON.stringify(info.name)} in the ${store.kind} store`);
      io.out(`id: ${info.id}`);
      io.out(describeKey(info));
      io.out('The key is shown only this once; only its hash is kept:');
      // Alone on the last line, so `| tail -n 1` is the key.
      io.out(key);
      return 0;
    }
    case 'list': {
      const keys = await store.list();
      if (keys.length === 0) io.err(`no keys in the ${store.kind} store`);
      for (const info of keys) io.out(describeKey(info));
      return 0;
    }
    case 'revoke': {
      const info = await store.revoke(command.id);
      if (!info) {
        io.err(`no key has the id ${command.id}`);
        return 1;
      }
      io.out(`revoked: ${info.id} (${JSON.stringify(info.name)}) at ${info.revokedAt}`);
      return 0;
    }
  }
}

/** One line starting with the id: everything about a key but its secret and hash. */
export function describeKey(info: ApiKeyInfo): string {
  return [
    info.id,
    `name=${JSON.stringify(info.name)}`,
    `role=${info.role}`,
    `scopes=${info.role === 'internal' ? 'all' : info.scopes.join(',') || 'none'}`,
    `limit=${info.rateLimit ? formatRateLimit(info.rateLimit) : 'role-default'}`,
    `expires=${info.expiresAt ?? 'never'}`,
    `persisted-only=${info.persistedOnly ? 'yes' : 'no'}`,
    `revoked=${info.revokedAt ?? 'no'}`,
  ].join('  ');
}

import { z } from 'zod';
import { scopeSchema } from '../scopes.js';
import { KEY_ID_PATTERN } from './api-key.js';

export const API_KEY_ROLES = ['partner', 'internal'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];
export const apiKeyRoleSchema = z.enum(API_KEY_ROLES);

export const rateLimitSpecSchema = z.object({
  requests: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
});

/** What is kept about a key, in Redis or the keys file: never the key itself, only its hash. */
export const storedApiKeySchema = z.object({
  id: z.string().regex(KEY_ID_PATTERN),
  /** Printed by `keys list`: no control characters, so a name cannot rewrite a terminal line. */
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^\P{Cc}+$/u),
  role: apiKeyRoleSchema,
  /** Ignored for `internal` keys, which hold every scope. */
  scopes: z.array(scopeSchema),
  /** Absent: the role's default (`RATE_LIMIT_PARTNER_DEFAULT`, `RATE_LIMIT_INTERNAL_DEFAULT`). */
  rateLimit: rateLimitSpecSchema.optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  persistedOnly: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  /** Hex SHA-256 of the whole key. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export type StoredApiKey = z.infer<typeof storedApiKeySchema>;

/** A key as listed and returned: everything but its hash. */
export type ApiKeyInfo = Omit<StoredApiKey, 'hash'>;

export function toApiKeyInfo({ hash: _hash, ...info }: StoredApiKey): ApiKeyInfo {
  return info;
}

/** The keys file: `{ "version": 1, "keys": [...] }`. */
export const keysFileSchema = z.object({
  version: z.literal(1),
  keys: z.array(storedApiKeySchema),
});

export type KeysFile = z.infer<typeof keysFileSchema>;

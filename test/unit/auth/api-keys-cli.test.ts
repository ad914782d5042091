import { describe, expect, it } from 'vitest';
import { describeKey, parseKeyCommand, UsageError } from '../../../src/auth/api-keys/key-cli.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const parse = (line: string) => parseKeyCommand(line.split(' ').filter(Boolean), NOW);

describe('keys command line', () => {
  it('reads every create option', () => {
    expect(
      parse(
        'create --name Feed --scopes catalog:read,orders:read,catalog:read --role partner --rate-limit 600/1m --expires 2031-06-30T12:00:00Z --persisted-only',
      ),
    ).toEqual({
      kind: 'create',
      input: {
        name: 'Feed',
        role: 'partner',
        scopes: ['catalog:read', 'orders:read'],
        rateLimit: { requests: 600, windowSeconds: 60 },
        expiresAt: new Date('2031-06-30T12:00:00Z'),
        persistedOnly: true,
      },
    });
    expect(parse('create --name Ops --role internal')).toMatchObject({
      input: { role: 'internal', scopes: [], rateLimit: undefined, persistedOnly: false },
    });
    expect(parse('revoke 0123456789abcdef')).toEqual({ kind: 'revoke', id: '0123456789abcdef' });
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('--help')).toEqual({ kind: 'help' });
  });

  it.each([
    ['create --name x --scopes catalog:read,orders:raed', /--scopes: unknown scope "orders:raed"/],
    ['create --name x', /--scopes is required/],
    ['create --scopes catalog:read', /--name is required/],
    ['create --name x --scopes catalog:read --rate-limit 600', /--rate-limit must look like/],
    ['create --name x --scopes catalog:read --rate-limit 0/60s', /--rate-limit must look like/],
    ['create --name x --scopes catalog:read --expires tomorrow', /--expires must be an ISO 8601/],
    [
      'create --name x --scopes catalog:read --expires 2029-12-31',
      /--expires .* not in the future/,
    ],
    ['create --name x --scopes catalog:read --role admin', /--role must be partner or internal/],
    ['create --name x --scopes catalog:read --colour red', /unknown option --colour/],
    ['list --name x', /--name applies to create only/],
    ['revoke', /revoke takes one KEY_ID/],
    ['revoke bcgw_0123456789abcdef_secret', /revoke takes one KEY_ID/],
    ['rotate', /unknown command "rotate"/],
    ['', /name a command/],
  ])('refuses `%s`, naming what is wrong', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });

  it('lists a key on one line, starting with its id', () => {
    const line = describeKey({
      id: '0123456789abcdef',
      name: 'Acme "feed"',
      role: 'partner',
      scopes: ['catalog:read', 'orders:read'],
      rateLimit: { requests: 600, windowSeconds: 60 },
      expiresAt: '2031-01-01T00:00:00.000Z',
      persistedOnly: true,
      createdAt: '2030-01-01T00:00:00.000Z',
      revokedAt: '2030-02-01T00:00:00.000Z',
    });
    expect(line).toBe(
      '0123456789abcdef  name="Acme \\"feed\\""  role=partner  scopes=catalog:read,orders:read  limit=600/60s  expires=2031-01-01T00:00:00.000Z  persisted-only=yes  revoked=2030-02-01T00:00:00.000Z',
    );
  });
});

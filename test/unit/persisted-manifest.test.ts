import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { parseDocumentId } from '../../src/persisted/document-id.js';
import { loadPersistedManifest, parsePersistedManifest } from '../../src/persisted/manifest.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const QUERY = 'query Brands { brands(first: 3) { edges { node { name } } } }';
const OTHER = 'query Tree { categoryTree { name } }';

describe('the persisted operations manifest', () => {
  it('maps both key forms, sha256:<hex> and bare hex, to lowercase hex', () => {
    const manifest = parsePersistedManifest(
      { [`sha256:${sha256(QUERY).toUpperCase()}`]: QUERY, [sha256(OTHER)]: OTHER },
      'test',
    );
    expect([...manifest]).toEqual([
      [sha256(QUERY), QUERY],
      [sha256(OTHER), OTHER],
    ]);
  });

  it('refuses an entry whose key is not the SHA-256 of its document, naming the entry', () => {
    const key = `sha256:${sha256(OTHER)}`;
    const load = () => parsePersistedManifest({ [sha256(QUERY)]: QUERY, [key]: QUERY }, 'm.json');
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      `PERSISTED_OPERATIONS_FILE m.json entry "${key}": the key is not the SHA-256 of its document`,
    );
  });

  it('refuses keys that are not SHA-256 (the client preset hashes with sha1 unless told)', () => {
    const sha1 = createHash('sha1').update(QUERY).digest('hex');
    expect(() => parsePersistedManifest({ [sha1]: QUERY }, 'm.json')).toThrow(
      `entry "${sha1}": the key must be sha256:<64 hex digits> or 64 hex digits`,
    );
  });

  it('refuses a document that does not parse, and a manifest that is not an object of strings', () => {
    const broken = 'query { brands(';
    expect(() => parsePersistedManifest({ [sha256(broken)]: broken }, 'm.json')).toThrow(
      `entry "${sha256(broken)}": the document does not parse`,
    );
    expect(() => parsePersistedManifest({ [sha256(QUERY)]: 42 }, 'm.json')).toThrow(
      `must be an object of "sha256:<hex>": "<document>" entries (entry "${sha256(QUERY)}"`,
    );
    expect(() => parsePersistedManifest([QUERY], 'm.json')).toThrow(ConfigError);
  });

  it('loads the fixture file, and says which file cannot be read or is not JSON', () => {
    const fixture = fileURLToPath(new URL('../fixtures/persisted-documents.json', import.meta.url));
    expect(loadPersistedManifest(fixture).size).toBe(3);
    expect(loadPersistedManifest(undefined).size).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'bcgw-manifest-'));
    expect(() => loadPersistedManifest(join(dir, 'missing.json'))).toThrow(
      `PERSISTED_OPERATIONS_FILE ${join(dir, 'missing.json')} cannot be read (ENOENT)`,
    );
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(() => loadPersistedManifest(join(dir, 'bad.json'))).toThrow('is not JSON');
  });
});

describe('parseDocumentId', () => {
  it('reads sha256:<hex> and bare hex, and nothing else', () => {
    const hex = sha256(QUERY);
    expect(parseDocumentId(`sha256:${hex}`)).toBe(hex);
    expect(parseDocumentId(hex.toUpperCase())).toBe(hex);
    expect(parseDocumentId(`sha1:${hex}`)).toBeUndefined();
    expect(parseDocumentId(hex.slice(1))).toBeUndefined();
    expect(parseDocumentId(`${hex}\n`)).toBeUndefined();
  });
});

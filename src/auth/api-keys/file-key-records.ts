import { type FSWatcher, watch } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../logger.js';
import { type KeysFile, keysFileSchema, type StoredApiKey } from './api-key-record.js';
import { isCode, withFileLock, writeFileAtomically } from './file-writes.js';
import type { KeyRecords } from './key-store.js';

export interface FileKeyRecordsOptions {
  /** `API_KEYS_FILE`; a missing file holds no keys. */
  readonly path: string;
  readonly logger?: Logger;
  /**
   * Follow changes other processes (the CLI) make: `fs.watch` on the directory, plus a periodic
   * stat for file systems where watching says nothing (network and some container volumes).
   * @default true
   */
  readonly watch?: boolean;
  /** @default 1000 */
  readonly statIntervalMs?: number;
}

/** A file's identity and version: a rename gives a new inode, an edit in place a new mtime or size. */
type Signature = string;
const MISSING: Signature = 'missing';

interface Snapshot {
  readonly keys: readonly StoredApiKey[];
  readonly signature: Signature;
}

/** Thrown for a keys file that is not valid: it is never overwritten, nor trusted. */
export class KeysFileError extends Error {
  override readonly name = 'KeysFileError';
}

/**
 * Keys in a JSON file, for a gateway without Redis (one replica). Lookups are served from memory;
 * a change on disk (a revocation by the CLI) is read within milliseconds, without a restart. A
 * file that turns invalid is refused with an error in the log, and the last valid one kept.
 */
export function createFileKeyRecords(options: FileKeyRecordsOptions): KeyRecords {
  const { path, logger } = options;
  let byId = new Map<string, StoredApiKey>();
  let signature: Signature | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  // One refresh at a time; a change seen during one is picked up by the next.
  let queue: Promise<void> = Promise.resolve();
  const refresh = () => {
    queue = queue.then(async () => {
      if (closed) return;
      try {
        const snapshot = await readKeysFile(path, signature);
        if (!snapshot) return;
        byId = new Map(snapshot.keys.map((record) => [record.id, record]));
        signature = snapshot.signature;
      } catch (error) {
        logger?.error(
          { err: error, path },
          'api keys file not reloaded; keeping the keys read before',
        );
      }
    });
    return queue;
  };

  const loaded = refresh();
  if (options.watch ?? true) {
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(path)) void refresh();
      });
      watcher.on('error', (error) => {
        logger?.debug({ err: error, path }, 'api keys file watch failed; stat checks go on');
        watcher?.close();
      });
    } catch (error) {
      logger?.debug({ err: error, path }, 'api keys file not watched; stat checks only');
    }
    timer = setInterval(() => void refresh(), options.statIntervalMs ?? 1_000);
    timer.unref();
  }

  /** Reads the file fresh under the writers' lock, changes it, and replaces it atomically. */
  const update = async <T>(change: (keys: StoredApiKey[]) => T): Promise<T> => {
    const result = await withFileLock(path, async () => {
      const current = await readKeysFile(path, undefined);
      const keys = [...(current?.keys ?? [])];
      const outcome = change(keys);
      const file: KeysFile = { version: 1, keys };
      await writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
      return outcome;
    });
    await refresh();
    return result;
  };

  return {
    kind: 'file',
    async get(id) {
      await loaded;
      return byId.get(id);
    },
    // Read from disk, strictly: a listing must not show the last good state of a broken file.
    async all() {
      return [...((await readKeysFile(path, undefined))?.keys ?? [])];
    },
    add: (record) =>
      update((keys) => {
        if (keys.some((key) => key.id === record.id)) throw new Error('api key id collision');
        keys.push(record);
      }),
    revoke: (id, revokedAt) =>
      update((keys) => {
        const index = keys.findIndex((key) => key.id === id);
        const record = keys[index];
        if (!record) return undefined;
        const revoked = { ...record, revokedAt: record.revokedAt ?? revokedAt };
        keys[index] = revoked;
        return revoked;
      }),
    async close() {
      closed = true;
      watcher?.close();
      clearInterval(timer);
      await queue;
    },
  };
}

/**
 * The file's keys, or undefined when its signature is still `known` (nothing changed). The stat
 * and the read go through one open handle, so they describe the same file even mid-rename.
 */
async function readKeysFile(
  path: string,
  known: Signature | undefined,
): Promise<Snapshot | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    return known === MISSING ? undefined : { keys: [], signature: MISSING };
  }
  try {
    const info = await handle.stat();
    const signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (signature === known) return undefined;
    const text = await handle.readFile('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KeysFileError(`${path} is not valid JSON`);
    }
    const parsed = keysFileSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new KeysFileError(`${path} is not a valid keys file (at ${where || 'the top'})`);
    }
    return { keys: parsed.data.keys, signature };
  } finally {
    await handle.close();
  }
}

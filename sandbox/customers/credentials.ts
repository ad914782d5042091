import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// About 15 ms per check on one core: sign-in tests stay quick, yet a check that skipped hashing
// would answer measurably faster, which is what the dummy hash prevents.
const PARAMS: ScryptOptions = { N: 4096, r: 8, p: 1 };
const KEY_LENGTH = 32;

interface StoredHash {
  salt: Buffer;
  hash: Buffer;
}

const derive = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, PARAMS, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

async function hashPassword(password: string): Promise<StoredHash> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt) };
}

/**
 * Customer passwords as scrypt hashes, kept apart from the customer records so no answer can
 * carry one. Seeded passwords are hashed on the first check rather than at start-up (40 hashes
 * would slow every sandbox, most of which never sign anyone in); from then on every check costs
 * exactly one scrypt, whether the customer exists or not.
 */
export class CredentialVault {
  private readonly pending = new Map<number, string>();
  private readonly hashes = new Map<number, StoredHash>();
  private settling: Promise<void> | undefined;
  private dummy: Promise<StoredHash> | undefined;

  /** Sets (or replaces) a customer's password. */
  set(customerId: number, password: string): void {
    this.hashes.delete(customerId);
    this.pending.set(customerId, password);
  }

  /** Forgets a customer's password (the customer was deleted). */
  delete(customerId: number): void {
    this.pending.delete(customerId);
    this.hashes.delete(customerId);
  }

  /**
   * Whether `password` is the customer's. An unknown customer (`undefined`) is checked against a
   * dummy hash, so it takes as long as a wrong password and timing tells nothing about accounts.
   */
  async verify(customerId: number | undefined, password: string): Promise<boolean> {
    await this.settle();
    const stored = customerId === undefined ? undefined : this.hashes.get(customerId);
    this.dummy ??= hashPassword(randomBytes(16).toString('hex'));
    const target = stored ?? (await this.dummy);
    const candidate = await derive(password, target.salt);
    return timingSafeEqual(candidate, target.hash) && stored !== undefined;
  }

  /** Hashes every password not hashed yet. */
  private async settle(): Promise<void> {
    while (this.pending.size > 0) {
      this.settling ??= this.hashPending().finally(() => {
        this.settling = undefined;
      });
      await this.settling;
    }
  }

  private async hashPending(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    const hashed = await Promise.all(
      batch.map(async ([id, pw]) => [id, await hashPassword(pw)] as const),
    );
    for (const [id, hash] of hashed) if (!this.pending.has(id)) this.hashes.set(id, hash);
  }
}

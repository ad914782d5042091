import { createRandom } from '../prng.js';
import { CredentialVault } from './credentials.js';
import { type CustomerGroup, seedCustomerGroups } from './groups.js';
import { type StoredCard, seedStoredCards } from './instruments.js';
import type { Customer, CustomerAddress, StoreCreditAmounts } from './model.js';
import { SEEDED_CUSTOMERS, seedCustomer } from './seed.js';

// Customers draw from their own PRNG stream, so seeding them leaves the catalog of a seed unchanged.
const CUSTOMER_STREAM = 0x5eed_c0de;

/** The channel `validate-credentials` checks when the request names none (the spec: "channel 1"). */
export const DEFAULT_CHANNEL_ID = 1;

/**
 * Customers, their address books, store credit, saved cards and groups, lists sorted by id. The
 * request-level rules of the writes (validation, duplicates) live in `writes.ts`; these are the
 * primitives they change state through, for the life of the process.
 */
export class CustomerStore {
  readonly customers: Customer[] = [];
  readonly addresses: CustomerAddress[] = [];
  readonly storeCredit = new Map<number, StoreCreditAmounts>();
  readonly groups: CustomerGroup[] = seedCustomerGroups();
  private readonly instruments = new Map<number, StoredCard[]>();
  private readonly byId = new Map<number, Customer>();
  private readonly credentials = new CredentialVault();
  private lastCustomerId = 0;
  private lastAddressId = 0;

  constructor(options: { seed?: number } = {}) {
    const random = createRandom((options.seed ?? 1) ^ CUSTOMER_STREAM);
    for (let id = 1; id <= SEEDED_CUSTOMERS; id++) {
      const seeded = seedCustomer(random, id, () => ++this.lastAddressId);
      this.addCustomer(seeded.customer, seeded.password);
      this.addresses.push(...seeded.addresses);
      this.storeCredit.set(id, seeded.storeCredit);
      this.instruments.set(id, seedStoredCards(seeded.customer, seeded.addresses));
    }
  }

  getCustomer(id: number): Customer | undefined {
    return this.byId.get(id);
  }

  /** Emails are unique and matched without regard to case, as sign-in forms treat them. */
  findByEmail(email: string): Customer | undefined {
    const wanted = email.trim().toLowerCase();
    return this.customers.find((c) => c.email.toLowerCase() === wanted);
  }

  addressesOf(customerId: number): CustomerAddress[] {
    return this.addresses.filter((a) => a.customer_id === customerId);
  }

  getGroup(id: number): CustomerGroup | undefined {
    return this.groups.find((group) => group.id === id);
  }

  /**
   * `GET /v3/customers/{customerId}/stored-instruments`: the customer's saved cards, default first;
   * copies, so a caller cannot change the store through them. Empty for a customer without any.
   */
  storedInstrumentsOf(customerId: number): StoredCard[] {
    return (this.instruments.get(customerId) ?? []).map((card) => ({
      ...card,
      billing_address: { ...card.billing_address },
    }));
  }

  nextCustomerId(): number {
    return ++this.lastCustomerId;
  }

  nextAddressId(): number {
    return ++this.lastAddressId;
  }

  /** Adds a customer (its id from `nextCustomerId`); the password, if any, goes to the vault. */
  addCustomer(customer: Customer, password?: string): void {
    this.customers.push(customer);
    this.byId.set(customer.id, customer);
    this.lastCustomerId = Math.max(this.lastCustomerId, customer.id);
    if (password !== undefined) this.credentials.set(customer.id, password);
  }

  /** Removes customers with everything that is theirs: addresses, credit, cards, password. */
  removeCustomers(ids: ReadonlySet<number>): void {
    const keep = <T>(list: T[], isTheirs: (item: T) => boolean) => {
      const kept = list.filter((item) => !isTheirs(item));
      list.splice(0, list.length, ...kept);
    };
    keep(this.customers, (c) => ids.has(c.id));
    keep(this.addresses, (a) => ids.has(a.customer_id));
    for (const id of ids) {
      this.byId.delete(id);
      this.storeCredit.delete(id);
      this.instruments.delete(id);
      this.credentials.delete(id);
    }
  }

  /** For tests: gives a customer a known password. */
  setPassword(customerId: number, password: string): void {
    if (!this.byId.has(customerId)) throw new Error(`Sandbox has no customer ${customerId}`);
    this.credentials.set(customerId, password);
  }

  /**
   * `POST /v3/customers/validate-credentials`: the customer id when email and password match a
   * customer allowed on the channel, else null. Always one password hash check, found or not.
   */
  async validateCredentials(
    email: string,
    password: string,
    channelId = DEFAULT_CHANNEL_ID,
  ): Promise<number | null> {
    const customer = this.findByEmail(email);
    const allowed = customer?.channel_ids.includes(channelId) ? customer : undefined;
    const valid = await this.credentials.verify(allowed?.id, password);
    return valid && allowed ? allowed.id : null;
  }
}

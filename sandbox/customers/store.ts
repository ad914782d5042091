import { createRandom } from '../prng.js';
import { CredentialVault } from './credentials.js';
import type { Customer, CustomerAddress, StoreCreditAmounts } from './model.js';
import { SEEDED_CUSTOMERS, seedCustomer } from './seed.js';

// Customers draw from their own PRNG stream, so seeding them leaves the catalog of a seed unchanged.
const CUSTOMER_STREAM = 0x5eed_c0de;

/** The channel `validate-credentials` checks when the request names none (the spec: "channel 1"). */
export const DEFAULT_CHANNEL_ID = 1;

/** The seeded customers, their address books and store credit, sorted by id. */
export class CustomerStore {
  readonly customers: Customer[] = [];
  readonly addresses: CustomerAddress[] = [];
  readonly storeCredit = new Map<number, StoreCreditAmounts>();
  private readonly byId = new Map<number, Customer>();
  private readonly credentials = new CredentialVault();

  constructor(options: { seed?: number } = {}) {
    const random = createRandom((options.seed ?? 1) ^ CUSTOMER_STREAM);
    let addressId = 1;
    for (let id = 1; id <= SEEDED_CUSTOMERS; id++) {
      const seeded = seedCustomer(random, id, () => addressId++);
      this.customers.push(seeded.customer);
      this.byId.set(id, seeded.customer);
      this.addresses.push(...seeded.addresses);
      this.storeCredit.set(id, seeded.storeCredit);
      this.credentials.set(id, seeded.password);
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

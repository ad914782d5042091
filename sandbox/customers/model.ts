/**
 * Sandbox customer records, named as `customers.v3.yml` names them (`customer_Full`, `address_Full`).
 * Passwords are not part of a record: the credential vault keeps only their hashes, apart.
 */

/** `address_Full`: one address book entry of a customer. */
export interface CustomerAddress {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  state_or_province: string;
  postal_code: string;
  country_code: string;
  country: string;
  phone: string;
  address_type: 'residential' | 'commercial';
}

/** `customer_Full` without its sub-resources (`include=addresses,storecredit,...`). */
export interface Customer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  registration_ip_address: string;
  notes: string;
  tax_exempt_category: string;
  customer_group_id: number;
  date_created: string;
  date_modified: string;
  authentication: { force_password_reset: boolean };
  accepts_product_review_abandoned_cart_emails: boolean;
  origin_channel_id: number;
  /** The channels the customer may sign in to (`customerChannelIds`). */
  channel_ids: number[];
}

/** `CustomerStoredCreditAmounts`. */
export type StoreCreditAmounts = { amount: number }[];

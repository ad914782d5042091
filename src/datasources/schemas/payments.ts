import { z } from 'zod';
import { lenientArray } from './lenient.js';

/**
 * Shapes of `payments/access-tokens_payments.v3.yml`, `accepted-methods_payments.v3.yml` and
 * `process_payments.yml`. A payment access token is a secret: it is parsed, passed on, and never
 * logged.
 */

type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** `Payment Access Token`: `{ id }`, the token itself. */
export const bcPaymentAccessTokenSchema = z.looseObject({ id: z.string().min(1) });

/** `paymentMethodStoredInstrument`: a saved card the method can charge. */
const bcStoredInstrumentShape = {
  type: z.string(),
  token: z.string(),
  brand: z.string().optional(),
  last_4: z.string().optional(),
  expiry_month: z.number().int().optional(),
  expiry_year: z.number().int().optional(),
  is_default: z.boolean().optional(),
};
export const bcStoredInstrumentSchema = z.looseObject(bcStoredInstrumentShape);
export type BcStoredInstrument = Fields<typeof bcStoredInstrumentShape>;

/** `paymentMethod_Full`: one accepted method (a gateway and its instruments). */
const bcPaymentMethodShape = {
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  test_mode: z.boolean(),
  supported_instruments: lenientArray(
    z.looseObject({
      instrument_type: z.string(),
      verification_value_required: z.boolean().optional(),
    }),
    'supported_instruments',
  ),
  stored_instruments: lenientArray(bcStoredInstrumentSchema, 'stored_instruments').optional(),
};
export const bcPaymentMethodSchema = z.looseObject(bcPaymentMethodShape);
export type BcPaymentMethod = Fields<typeof bcPaymentMethodShape>;

/** `Process Payment Transaction`. */
const bcPaymentTransactionShape = {
  id: z.string(),
  transaction_type: z.string().optional(),
  status: z.string(),
};
export const bcPaymentResponseSchema = z.looseObject({
  data: z.looseObject(bcPaymentTransactionShape),
});
export type BcPaymentTransaction = Fields<typeof bcPaymentTransactionShape>;

/** `Error Payment Response`: the payments origin's refusals. */
export const bcPaymentErrorSchema = z.looseObject({
  status: z.number().optional(),
  title: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

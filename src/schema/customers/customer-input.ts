import { z } from 'zod';

/**
 * Limits of `customer_Post` / `customer_Put`, and BigCommerce's password rule (seven characters
 * or more, letters and digits), checked before anything goes upstream.
 */
export const customerFields = {
  email: z.email('must be a valid email address').max(250),
  firstName: z.string().trim().min(1, 'is required').max(100),
  lastName: z.string().trim().min(1, 'is required').max(100),
  company: z.string().trim().max(255),
  phone: z.string().trim().max(50),
  password: z
    .string()
    .min(7, 'must be at least 7 characters')
    .max(1024)
    .regex(/[A-Za-z]/, 'must contain a letter')
    .regex(/\d/, 'must contain a digit'),
};

/** Trims a value Pothos validated (its object syntax validates; it does not transform). */
export const trimmed = (value: string | null | undefined): string | undefined =>
  value == null ? undefined : value.trim();

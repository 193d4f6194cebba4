/** Small schemas more than one part of the contract uses. */
import { z } from 'zod';

/** A command that takes no arguments. */
export const Empty = z.object({}).strict();

export const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http:// or https:// URL' });

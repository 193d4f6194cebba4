/** Small schemas more than one part of the contract uses. */
import { z } from 'zod';
import { hasVisibleLetterOrDigit, NAME_NEEDS_LETTER } from '../text/name-rule';

/** A command that takes no arguments. */
export const Empty = z.object({}).strict();

export const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http:// or https:// URL' });

/**
 * A name the person gives (their operator name, a machine's name): trimmed, 1–`max` characters, no line breaks or
 * invisible format characters, and at least one letter or digit. Names are compared by `nameKey` (text/name-rule.ts).
 */
export const personName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'enter a name')
    .max(max, `use at most ${max} characters`)
    .refine((s) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(s), 'remove line breaks and other control characters')
    .refine(hasVisibleLetterOrDigit, NAME_NEEDS_LETTER);

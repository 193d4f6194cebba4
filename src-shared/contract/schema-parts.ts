/** Small schemas more than one part of the contract uses. */
import { z } from 'zod';
import { hasVisibleLetterOrDigit, NAME_MAX, NAME_NEEDS_LETTER } from '../text/name-rule';

/** A command that takes no arguments. */
export const Empty = z.object({}).strict();

export const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http:// or https:// URL' });

/**
 * A name the person gives (their operator name, this computer's and every machine's name): trimmed, 1–`NAME_MAX`
 * characters, no line breaks or invisible format characters, and at least one letter or digit. One schema for every
 * name, so one limit. Names are compared by `nameKey` (text/name-rule.ts).
 */
export const PersonName = z
  .string()
  .trim()
  .min(1, 'enter a name')
  .max(NAME_MAX, `use at most ${NAME_MAX} characters`)
  .refine((s) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(s), 'remove line breaks and other control characters')
  .refine(hasVisibleLetterOrDigit, NAME_NEEDS_LETTER);

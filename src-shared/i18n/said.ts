/**
 * A sentence the engine makes, kept as the catalogue's message id and its values rather than as words, so the page,
 * the tray and a log reader each say it in their person's language. A value may itself be a sentence (a reason inside
 * a notice). Foreign text goes in as a value, already cleaned; the message puts it in quotation marks.
 */
import { z } from 'zod';
import type { MessageId } from './catalogue';

export type SaidValue = string | number | Said;
export interface Said {
  id: MessageId;
  values?: Readonly<Record<string, SaidValue>>;
}

/** A sentence for the catalogue's `id` with its values. */
export function said(id: MessageId, values?: Readonly<Record<string, SaidValue>>): Said {
  return values ? { id, values } : { id };
}

export const isSaid = (v: unknown): v is Said =>
  typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';

const MAX_VALUE_CHARS = 2_000;
const MAX_VALUES = 16;

/**
 * The wire's check of a sentence (ids are the catalogue's dotted names; values are few and short; a sentence inside
 * a sentence at most three deep). An unknown id is not refused here: an older page shows it in English or as the id.
 */
export const SaidSchema: z.ZodType<Said> = z.lazy(() =>
  z
    .object({
      id: z.string().regex(/^[a-zA-Z0-9_.-]{1,120}$/),
      values: z
        .record(z.string().max(40), z.union([z.string().max(MAX_VALUE_CHARS), z.number(), SaidSchema]))
        .refine((r) => Object.keys(r).length <= MAX_VALUES, `at most ${MAX_VALUES} values`)
        .optional(),
    })
    .strict(),
) as unknown as z.ZodType<Said>;

/**
 * Whether two sentences say the same: a fresh one is made on every evaluation, so a reference check would call every
 * evaluation a change. Values come from one code path, so their keys are in one order.
 */
export const sameSaid = (a: Said | null, b: Said | null): boolean => JSON.stringify(a) === JSON.stringify(b);

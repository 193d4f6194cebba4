/**
 * A settings form's draft against what is saved: each field read from what is typed, the change to send (only what
 * differs from what is saved, never a field fixed for this run), and the host's refusal in the form's terms. No React.
 */
import type { ContractErrorBody, Settings } from '@shared/contract';
import { fieldIssue, isAbout } from '../words/settings-messages';
import { sayNow } from '@shared/i18n/current';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** A field's text read as the value it stands for, or what is wrong with it in people's words. */
export type Parsed<T> = { value: T } | { error: string };

/** The draft read: the change to send, and every problem found, one per field. */
export interface Draft<F extends string> {
  patch: Partial<Settings>;
  errors: FieldErrors<F>;
}

const NO_FIELDS: ReadonlySet<string> = new Set();
/** Values compare as the host stores them: a list or an object by its contents. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The values of `candidate` that differ from what is saved, leaving out the fields fixed for this run. */
export function changes(
  candidate: Readonly<Record<string, unknown>>,
  saved: Settings,
  fixed: ReadonlySet<string> = NO_FIELDS,
): Partial<Settings> {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(candidate)) {
    if (!fixed.has(field) && !same(value, saved[field as keyof Settings])) patch[field] = value;
  }
  return patch as Partial<Settings>;
}

/** How each field of a form is read; a field's name is the setting it stands for. */
export type Readers<V> = { [F in keyof V]: (raw: V[F]) => Parsed<unknown> };

/** Each field through its reader: the problems by field, and the values that differ from what is saved. */
export function readDraft<V extends object>(
  values: V,
  readers: Readers<V>,
  saved: Settings,
  fixed: ReadonlySet<string> = NO_FIELDS,
): Draft<keyof V & string> {
  const candidate: Record<string, unknown> = {};
  const errors: FieldErrors<keyof V & string> = {};
  for (const field of Object.keys(readers) as (keyof V & string)[]) {
    if (fixed.has(field)) continue;
    const parsed = readers[field](values[field]);
    if ('error' in parsed) errors[field] = parsed.error;
    else candidate[field] = parsed.value;
  }
  return { patch: changes(candidate, saved), errors };
}

/** A field whose text is taken as it is (a choice from a list). */
export const asIs = <T>(value: T): Parsed<T> => ({ value });

/**
 * A form's edits kept outside it (the Settings page's drafts) once a save went through: the edits that were sent and
 * are still as they were sent leave the draft; an edit made while the save was on its way stays.
 */
export function withoutSent(
  edits: Readonly<Record<string, unknown>>,
  sent: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(edits).filter(([field, value]) => !(field in sent) || !same(value, sent[field])),
  );
}

/** Something to undo: a change to send, or a problem in what is typed. */
export const isDirty = (draft: Draft<string>): boolean =>
  Object.keys(draft.patch).length > 0 || Object.keys(draft.errors).length > 0;

/**
 * The host's refusal of a change to `fields`: each field's problem (only an `invalid_request` answer names fields),
 * and its problems with anything else, as the host said them.
 */
export function refusalByField<F extends string>(
  error: ContractErrorBody,
  fields: readonly F[],
): { fields: FieldErrors<F>; other: string[] } {
  const found: FieldErrors<F> = {};
  for (const field of fields) {
    const issue = fieldIssue(error, field);
    if (issue) found[field] = issue;
  }
  const other = (error.issues ?? []).filter((i) => !fields.some((f) => isAbout(i.path, f))).map((i) => i.message);
  return { fields: found, other };
}

/**
 * The words under a form whose change was refused: `marked` when a field shows its problem, then the problems of
 * nothing on the form; with neither, what the host said.
 */
export function refusalWords(
  found: { fields: FieldErrors<string>; other: readonly string[] },
  error: ContractErrorBody,
  marked: string,
): string[] {
  const words = [...(Object.keys(found.fields).length > 0 ? [marked] : []), ...found.other];
  return words.length > 0 ? words : [sayNow()('components.form.nothingSaved', { message: error.message })];
}

/** How problems show on a form. A part left out stays as it was. */
export interface Shown<F extends string> {
  /** Problems at their fields. */
  fields?: FieldErrors<F>;
  /** Problems of nothing on the form, listed above it. */
  other?: string[];
  /** The words in the box under the form; without them the save's status is cleared. */
  failed?: string[];
  /** The host's answer, shown whole: it named none of the form's fields. */
  refusal?: ContractErrorBody | null;
}

/** How a form shows its own problems (nothing was sent) and the host's refusal. */
export interface ProblemWays<F extends string> {
  invalid(errors: FieldErrors<F>): Shown<F>;
  refused(error: ContractErrorBody): Shown<F>;
}

/**
 * A form of a few fields and a Save button: problems at their fields, and in the box under the form `invalid` for
 * its own problems, `marked` (or what the host said) for a refusal.
 */
export function boxedProblems<F extends string>(
  fields: readonly F[],
  words: { invalid: string; marked: string },
): ProblemWays<F> {
  return {
    invalid: (errors) => ({ fields: errors, failed: [words.invalid] }),
    refused: (error) => {
      const found = refusalByField(error, fields);
      return { fields: found.fields, failed: refusalWords(found, error, words.marked) };
    },
  };
}

/**
 * The settings form's values and the one check they get before saving: every field is read into a candidate settings
 * object and checked against the contract's `SettingsSchema` (the same schema the host checks with), so every problem
 * of the form is found at once and the host's refusal is the exception.
 */
import { SettingsSchema, type Settings } from '@shared/contract';
import { changes } from '../../lib/settings-draft';
import { FORM_FIELDS, problemsByField, type FieldErrors, type FormField } from '../../words/settings-messages';

export { FORM_FIELDS, type FieldErrors, type FormField } from '../../words/settings-messages';

/** The form's values: text as typed (check boxes as 'true' / 'false'), and the models kept private as a list. */
export type FormValues = { [F in FormField]: F extends 'excludedModels' ? string[] : string };

const NUMBER_FIELDS = new Set<FormField>(['taskPort', 'maxConcurrent', 'maxTokens', 'tokensPerMin']);
/** Address fields: surrounding spaces are dropped, as a pasted address often has them. */
const URL_FIELDS = new Set<FormField>(['backendUrl', 'publicEndpoint', 'directoryUrl']);
/** Fields where an empty box means "none" (null). */
const NULLABLE_FIELDS = new Set<FormField>(['backendUrl', 'defaultModel', 'publicEndpoint']);

const FormSchema = SettingsSchema.pick(
  Object.fromEntries(FORM_FIELDS.map((f) => [f, true])) as { [F in FormField]: true },
);

export function toFormValues(s: Settings): FormValues {
  return {
    displayName: s.displayName,
    region: s.region,
    backendUrl: s.backendUrl ?? '',
    defaultModel: s.defaultModel ?? '',
    excludedModels: [...s.excludedModels],
    directoryUrl: s.directoryUrl,
    taskPort: String(s.taskPort),
    publicEndpoint: s.publicEndpoint ?? '',
    trustedProxies: s.trustedProxies.join(', '),
    maxConcurrent: String(s.maxConcurrent),
    maxTokens: String(s.maxTokens),
    offerCompletion: String(s.offerCompletion),
    tokensPerMin: String(s.tokensPerMin),
  };
}

/**
 * Typed text as the value the schema judges: a number field's text as a number (nothing typed: missing; anything but
 * a plain number: NaN, which the schema refuses as not a number), an empty optional field as null.
 */
function readField(field: FormField, raw: string | string[]): unknown {
  if (Array.isArray(raw)) return [...new Set(raw)];
  // A list typed as text: entries separated by commas or spaces.
  if (field === 'trustedProxies') return [...new Set(raw.split(/[,\s]+/).filter(Boolean))];
  const text = URL_FIELDS.has(field) || NUMBER_FIELDS.has(field) || field === 'defaultModel' ? raw.trim() : raw;
  if (NUMBER_FIELDS.has(field))
    return text === '' ? undefined : /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (field === 'offerCompletion') return raw === 'true';
  if (NULLABLE_FIELDS.has(field) && text === '') return null;
  return text;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * The form read in one pass: the patch of fields that differ from what is saved, and every problem, one per field,
 * in words. Fields in `fixed` (set for this run by the host, which refuses changes to them) are judged as saved and
 * never sent.
 */
export function readForm(
  values: FormValues,
  saved: Settings,
  fixed: ReadonlySet<string> = NO_FIELDS,
): { patch: Partial<Settings>; errors: FieldErrors } {
  const candidate: Record<string, unknown> = {};
  for (const field of FORM_FIELDS) candidate[field] = fixed.has(field) ? saved[field] : readField(field, values[field]);
  const parsed = FormSchema.safeParse(candidate);
  // What the host would store: the schema's output (trimmed text) where the form is valid, else what was typed.
  const judged: Record<string, unknown> = parsed.success ? parsed.data : candidate;
  const patch = changes(judged, saved, fixed);
  if (parsed.success) return { patch, errors: {} };
  const { fields } = problemsByField(
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
  );
  return { patch, errors: fields };
}

/** Turning the settings form's text into a settings patch, and the host's answer back into field errors. */
import type { ContractErrorBody, Settings } from '../../src-preload/contract';

export const FORM_FIELDS = [
  'displayName',
  'region',
  'backendUrl',
  'defaultModel',
  'excludedModels',
  'directoryUrl',
  'taskPort',
  'publicEndpoint',
  'maxConcurrent',
  'maxTokens',
  'offerCompletion',
  'tokensPerMin',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;
export type FieldErrors = Partial<Record<FormField, string>>;

const INTEGER_FIELDS = new Set<FormField>(['taskPort', 'maxConcurrent', 'maxTokens', 'tokensPerMin']);
/** Text fields where an empty box means "none" (null). */
const NULLABLE_FIELDS = new Set<FormField>(['backendUrl', 'defaultModel', 'publicEndpoint']);
/** Check boxes, kept as 'true' / 'false'. */
const BOOLEAN_FIELDS = new Set<FormField>(['offerCompletion']);

/** "a, b,,c " → ["a", "b", "c"]: commas or new lines separate, blanks and repeats are dropped. */
export function parseList(raw: string): string[] {
  return [...new Set(raw.split(/[,\n]/).map((s) => s.trim()).filter(Boolean))];
}

export function toFormValues(s: Settings): FormValues {
  return {
    displayName: s.displayName,
    region: s.region,
    backendUrl: s.backendUrl ?? '',
    defaultModel: s.defaultModel ?? '',
    excludedModels: s.excludedModels.join(', '),
    directoryUrl: s.directoryUrl,
    taskPort: String(s.taskPort),
    publicEndpoint: s.publicEndpoint ?? '',
    maxConcurrent: String(s.maxConcurrent),
    maxTokens: String(s.maxTokens),
    offerCompletion: String(s.offerCompletion),
    tokensPerMin: String(s.tokensPerMin),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

const NO_FIELDS: ReadonlySet<string> = new Set();

/**
 * The fields that differ from what is saved. Only obvious typing problems are caught here (a number field
 * that is not a number); the host validates everything else and its messages are shown as they come.
 * Fields in `fixed` (set for this run by the host, which refuses changes to them) are never included.
 */
export function toPatch(values: FormValues, saved: Settings, fixed: ReadonlySet<string> = NO_FIELDS): { patch: Partial<Settings>; errors: FieldErrors } {
  const patch: Partial<Settings> = {};
  const errors: FieldErrors = {};
  const before = toFormValues(saved);
  const out = patch as Record<string, unknown>;
  for (const field of FORM_FIELDS) {
    const raw = values[field];
    if (fixed.has(field) || raw === before[field]) continue;
    if (INTEGER_FIELDS.has(field)) {
      if (!/^\s*\d+\s*$/.test(raw)) {
        errors[field] = 'Enter a whole number.';
        continue;
      }
      if (Number(raw) !== saved[field as 'taskPort']) out[field] = Number(raw);
    } else if (BOOLEAN_FIELDS.has(field)) {
      out[field] = raw === 'true';
    } else if (field === 'excludedModels') {
      const list = parseList(raw);
      if (!sameList(list, saved.excludedModels)) patch.excludedModels = list;
    } else if (NULLABLE_FIELDS.has(field)) {
      const value = raw.trim() === '' ? null : raw.trim();
      if (value !== saved[field as 'backendUrl']) out[field] = value;
    } else {
      out[field] = raw;
    }
  }
  return { patch, errors };
}

const isFormField = (path: string): path is FormField => (FORM_FIELDS as readonly string[]).includes(path);

/** Splits an `invalid_request` answer into per-field messages and whatever belongs to no field. */
export function issuesToErrors(error: ContractErrorBody): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const issue of error.issues ?? []) {
    const [field = '', index] = issue.path.split('.');
    if (isFormField(field)) {
      // A list item's problem names the item, so the person knows which entry to fix.
      const item = field === 'excludedModels' && index !== undefined && /^\d+$/.test(index) ? `Entry ${Number(index) + 1}: ` : '';
      fields[field] ??= `${item}${issue.message}`;
    } else other.push(issue.path === '(root)' ? issue.message : `${issue.path}: ${issue.message}`);
  }
  if (Object.keys(fields).length === 0 && other.length === 0) other.push(error.message);
  return { fields, other };
}

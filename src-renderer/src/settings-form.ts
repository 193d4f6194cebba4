/** Turning the settings form's text into a settings patch, and the host's answer back into field errors. */
import type { ContractErrorBody, Settings } from '../../src-preload/contract';

export const FORM_FIELDS = ['displayName', 'region', 'directoryUrl', 'taskPort', 'publicEndpoint', 'maxConcurrent'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;
export type FieldErrors = Partial<Record<FormField, string>>;

const INTEGER_FIELDS = new Set<FormField>(['taskPort', 'maxConcurrent']);

export function toFormValues(s: Settings): FormValues {
  return {
    displayName: s.displayName,
    region: s.region,
    directoryUrl: s.directoryUrl,
    taskPort: String(s.taskPort),
    publicEndpoint: s.publicEndpoint ?? '',
    maxConcurrent: String(s.maxConcurrent),
  };
}

/**
 * The fields that differ from what is saved. Only obvious typing problems are caught here (a number field
 * that is not a number); the host validates everything else and its messages are shown as they come.
 */
export function toPatch(values: FormValues, saved: Settings): { patch: Partial<Settings>; errors: FieldErrors } {
  const patch: Partial<Settings> = {};
  const errors: FieldErrors = {};
  const before = toFormValues(saved);
  for (const field of FORM_FIELDS) {
    const raw = values[field];
    if (raw === before[field]) continue;
    if (INTEGER_FIELDS.has(field)) {
      if (!/^\s*\d+\s*$/.test(raw)) {
        errors[field] = 'Enter a whole number.';
        continue;
      }
      (patch as Record<string, unknown>)[field] = Number(raw);
    } else if (field === 'publicEndpoint') {
      patch.publicEndpoint = raw.trim() === '' ? null : raw.trim();
    } else {
      (patch as Record<string, unknown>)[field] = raw;
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
    const field = issue.path.split('.')[0] ?? '';
    if (isFormField(field)) fields[field] ??= issue.message;
    else other.push(issue.path === '(root)' ? issue.message : `${issue.path}: ${issue.message}`);
  }
  if (Object.keys(fields).length === 0 && other.length === 0) other.push(error.message);
  return { fields, other };
}

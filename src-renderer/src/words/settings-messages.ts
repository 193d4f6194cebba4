/**
 * The settings form's problems in people's words. Problems come from the contract's `SettingsSchema` (the renderer's
 * own check and the host's refusal alike), each with its field and the validator's issue code; this table turns
 * the pair into a sentence. The validator's own wording is never shown.
 */
import type { ContractErrorBody } from '@shared/contract';
import { formatCount } from '../locale';

export const FORM_FIELDS = [
  'displayName',
  'region',
  'backendUrl',
  'excludedModels',
  'defaultModel',
  'directoryUrl',
  'taskPort',
  'publicEndpoint',
  'trustedProxies',
  'maxConcurrent',
  'maxTokens',
  'offerCompletion',
  'tokensPerMin',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = Partial<Record<FormField, string>>;

/** The field names people see, for the list of problems above the form. */
export const FIELD_LABELS: Record<FormField, string> = {
  displayName: 'Display name',
  region: 'Region',
  backendUrl: 'Local LLM server',
  excludedModels: 'Models offered',
  defaultModel: 'Default chat model',
  directoryUrl: 'Directory URL',
  taskPort: 'Task port',
  publicEndpoint: 'Public endpoint',
  trustedProxies: 'Trusted reverse proxies',
  maxConcurrent: 'Tasks at once',
  maxTokens: 'Largest answer (tokens)',
  offerCompletion: 'Also offer plain text completion',
  tokensPerMin: 'Tokens per minute',
};

/**
 * What went wrong, by the validator's issue code: `invalid_type` (not a number, nothing entered), `too_small`,
 * `too_big`, `invalid_format` (a pattern or URL), `custom` (a rule of the contract's own), and `item` for a problem
 * with one entry of a list. `other` covers every kind a field does not name.
 */
export type IssueKind = 'invalid_type' | 'too_small' | 'too_big' | 'invalid_format' | 'custom' | 'item';
type FieldMessages = Partial<Record<IssueKind, string>> & { other: string };

const REGION_RULE_WORDS = 'A region starts with a letter and uses only letters, digits, - and _.';
const LONG_ADDRESS = `This address is too long (at most ${formatCount(2048)} characters).`;
const MODEL_NAME = 'A model name can be at most 255 characters long.';

export const SETTINGS_MESSAGES: Record<FormField, FieldMessages> = {
  displayName: { too_small: 'Enter a name for your node.', too_big: 'A name can be at most 64 characters long.', other: 'Enter a name of up to 64 characters.' },
  region: {
    too_small: 'Enter a region, for example eu-west.',
    too_big: 'A region can be at most 64 characters long.',
    invalid_format: REGION_RULE_WORDS,
    other: REGION_RULE_WORDS,
  },
  backendUrl: { too_big: LONG_ADDRESS, other: 'Enter the server’s address, such as http://127.0.0.1:11434, or leave it empty.' },
  excludedModels: { too_big: 'At most 256 models can be kept private.', item: MODEL_NAME, other: MODEL_NAME },
  defaultModel: { too_big: MODEL_NAME, other: 'Choose one of the chat models offered, or no preference.' },
  directoryUrl: { too_big: LONG_ADDRESS, other: 'Enter the directory’s address, starting with https:// or http://.' },
  taskPort: { other: 'Use a port between 1024 and 65535.' },
  publicEndpoint: { too_big: LONG_ADDRESS, other: 'Enter a full address starting with https:// or http://, or leave it empty.' },
  trustedProxies: {
    too_big: 'At most 32 proxies can be trusted.',
    item: 'Each entry is an IP address, such as 192.0.2.10, or a range, such as 192.0.2.0/24.',
    other: 'Enter IP addresses or ranges separated by commas, or leave it empty.',
  },
  maxConcurrent: { other: 'Tasks at once must be a whole number from 1 to 64.' },
  maxTokens: { other: `Largest answer must be a whole number from 1 to ${formatCount(1_000_000)}.` },
  offerCompletion: { other: 'Choose whether to offer plain text completion.' },
  tokensPerMin: { other: `Tokens per minute must be a whole number from 1 to ${formatCount(100_000_000)}.` },
};

export const isFormField = (name: string): name is FormField => (FORM_FIELDS as readonly string[]).includes(name);

/** One problem as the validator reports it: a dotted path (`excludedModels.2`) and its issue code. */
export interface Issue {
  path: string;
  code?: string | undefined;
  message: string;
}

/** The sentence for a problem with `field`, from the table. */
export function humanMessage(field: FormField, path: string, code: string | undefined): string {
  const messages = SETTINGS_MESSAGES[field];
  const kind: string | undefined = path.includes('.') ? 'item' : code;
  return (kind !== undefined && Object.hasOwn(messages, kind) ? messages[kind as IssueKind] : undefined) ?? messages.other;
}

/**
 * Problems by field, first problem per field, in words; and those that belong to no field of the form. A problem
 * without an issue code comes from the node's own checks (a setting fixed for this run, say), which are already
 * written for people, so its message is kept.
 */
export function problemsByField(issues: readonly Issue[]): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = issue.path.split('.')[0] ?? '';
    if (isFormField(field)) fields[field] ??= issue.code === undefined ? issue.message : humanMessage(field, issue.path, issue.code);
    else if (issue.code === undefined) other.push(issue.message);
    else other.push('The node did not accept one of the other settings. Reload the page and try again.');
  }
  return { fields, other: [...new Set(other)] };
}

/** The host's `invalid_request` answer through the same table; an answer naming no problem says what the host said. */
export function hostProblems(error: ContractErrorBody): { fields: FieldErrors; other: string[] } {
  const found = problemsByField(error.issues ?? []);
  if (Object.keys(found.fields).length === 0 && found.other.length === 0) found.other.push(error.message);
  return found;
}

/** A problem the host found, in people's words: a settings field's through the table above, else the host's message. */
export function issueWords(issue: { path: string; message: string; code?: string | undefined }): string {
  const field = issue.path.split('.')[0] ?? '';
  return isFormField(field) && issue.code !== undefined ? humanMessage(field, issue.path, issue.code) : issue.message;
}

/** Whether a problem's path is `field` or lies inside it (`excludedModels.2`). */
export const isAbout = (path: string, field: string): boolean => path === field || path.startsWith(`${field}.`);

/** The host's problem for one field of an `invalid_request` answer, if it named that field. */
export function fieldIssue(error: ContractErrorBody, field: string): string | null {
  if (error.code !== 'invalid_request') return null;
  const hit = (error.issues ?? []).find((i) => isAbout(i.path, field));
  return hit ? issueWords(hit) : null;
}

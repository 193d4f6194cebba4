/**
 * The settings form's problems in people's words. Problems come from the contract's `SettingsSchema` (the renderer's
 * own check and the host's refusal alike), each with its field and the validator's issue code; this table turns
 * the pair into a sentence. The validator's own wording is never shown.
 */
import type { ContractErrorBody } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';
import type { SayValues } from '@shared/i18n/say';

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

/**
 * A table whose words are read when they are used, in the language the page speaks then: each field's entry is made
 * from its catalogue ids at that moment (the language can change while the module stays loaded).
 */
function spoken<V>(ids: Record<FormField, V>, say: (v: V) => unknown): Record<FormField, never> {
  const table = {} as Record<FormField, never>;
  for (const field of FORM_FIELDS)
    Object.defineProperty(table, field, { enumerable: true, get: () => say(ids[field]) });
  return table;
}

/** The field names people see, for the list of problems above the form. */
export const FIELD_LABELS: Record<FormField, string> = spoken<MessageId>(
  {
    displayName: 'settings.field.displayName',
    region: 'settings.field.region',
    backendUrl: 'settings.field.backendUrl',
    excludedModels: 'settings.field.excludedModels',
    defaultModel: 'settings.field.defaultModel',
    directoryUrl: 'settings.field.directoryUrl',
    taskPort: 'settings.field.taskPort',
    publicEndpoint: 'settings.field.publicEndpoint',
    trustedProxies: 'settings.field.trustedProxies',
    maxConcurrent: 'settings.field.maxConcurrent',
    maxTokens: 'settings.field.maxTokens',
    offerCompletion: 'settings.field.offerCompletion',
    tokensPerMin: 'settings.field.tokensPerMin',
  },
  (id) => sayNow()(id),
);

/**
 * What went wrong, by the validator's issue code: `invalid_type` (not a number, nothing entered), `too_small`,
 * `too_big`, `invalid_format` (a pattern or URL), `custom` (a rule of the contract's own), and `item` for a problem
 * with one entry of a list. `other` covers every kind a field does not name.
 */
export type IssueKind = 'invalid_type' | 'too_small' | 'too_big' | 'invalid_format' | 'custom' | 'item';
type FieldMessages = Partial<Record<IssueKind, string>> & { other: string };
/** A sentence by catalogue id, with the figures it names. */
type Words = MessageId | [MessageId, SayValues];
type FieldWords = Partial<Record<IssueKind, Words>> & { other: Words };

/** The display name's limit, as the contract sets it. */
const NAME_MAX = 64;
const REGION_RULE: Words = 'settings.problem.regionRule';
const LONG_ADDRESS: Words = ['settings.problem.longAddress', { max: 2048 }];
const MODEL_NAME: Words = 'settings.problem.modelName';

const MESSAGE_IDS: Record<FormField, FieldWords> = {
  displayName: {
    too_small: 'settings.problem.nameEmpty',
    too_big: ['settings.problem.nameLong', { max: NAME_MAX }],
    other: ['settings.problem.nameOther', { max: NAME_MAX }],
  },
  region: {
    too_small: 'settings.problem.regionEmpty',
    too_big: 'settings.problem.regionLong',
    invalid_format: REGION_RULE,
    other: REGION_RULE,
  },
  backendUrl: { too_big: LONG_ADDRESS, other: 'settings.problem.backendUrl' },
  excludedModels: { too_big: 'settings.problem.tooManyPrivate', item: MODEL_NAME, other: MODEL_NAME },
  defaultModel: { too_big: MODEL_NAME, other: 'settings.problem.defaultModel' },
  directoryUrl: { too_big: LONG_ADDRESS, other: 'settings.problem.directoryUrl' },
  taskPort: { other: 'settings.problem.taskPort' },
  publicEndpoint: { too_big: LONG_ADDRESS, other: 'settings.problem.publicEndpoint' },
  trustedProxies: {
    too_big: 'settings.problem.tooManyProxies',
    item: 'settings.problem.proxyItem',
    other: 'settings.problem.proxies',
  },
  maxConcurrent: { other: 'settings.problem.maxConcurrent' },
  maxTokens: { other: ['settings.problem.maxTokens', { max: 1_000_000 }] },
  offerCompletion: { other: 'settings.problem.offerCompletion' },
  tokensPerMin: { other: ['settings.problem.tokensPerMin', { max: 100_000_000 }] },
};

function say(words: Words): string {
  const t = sayNow();
  return typeof words === 'string' ? t(words) : t(words[0], words[1]);
}

/** Each field's sentences by kind of problem, in the language the page speaks now. */
export const SETTINGS_MESSAGES: Record<FormField, FieldMessages> = spoken(MESSAGE_IDS, (entry) =>
  Object.fromEntries(Object.entries(entry).map(([kind, words]) => [kind, say(words as Words)])),
);

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
  return (
    (kind !== undefined && Object.hasOwn(messages, kind) ? messages[kind as IssueKind] : undefined) ?? messages.other
  );
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
    if (isFormField(field))
      fields[field] ??= issue.code === undefined ? issue.message : humanMessage(field, issue.path, issue.code);
    else if (issue.code === undefined) other.push(issue.message);
    else other.push(sayNow()('settings.problem.otherSetting'));
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

/**
 * The settings the wizard's steps let a person type: the public URL and the directory (step 3) and tasks at once
 * (step 4). Each is read from what is typed and kept in the wizard's draft; "Next" only checks it, and "Start my
 * node" saves them all at once, as the last step promises. No React.
 */
import type { Settings } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';
import { readDraft, type Draft, type Readers } from '../../lib/settings-draft';
import { SETTINGS_MESSAGES } from '../../words/settings-messages';
import { parseMaxConcurrent, type StepNumber } from './wizard-logic';
import { parsePublicUrl } from '../../lib/addresses';

/** The settings the steps let the person type. */
export type TypedSetting = 'publicEndpoint' | 'directoryUrl' | 'maxConcurrent';

export type Typed = Partial<Record<TypedSetting, string>>;

/** The directory's address as typed: required, and an http(s) URL like every URL setting. */
export function parseDirectoryUrl(raw: string): { value: string } | { error: string } {
  const parsed = parsePublicUrl(raw);
  if ('error' in parsed || parsed.value === null) return { error: SETTINGS_MESSAGES.directoryUrl.other };
  return { value: parsed.value };
}

/** How each typed setting is read: the public URL as an address or none, the directory, tasks at once. */
export const TYPED_READERS: Readers<Record<TypedSetting, string>> = {
  publicEndpoint: parsePublicUrl,
  directoryUrl: parseDirectoryUrl,
  maxConcurrent: parseMaxConcurrent,
};

/** Where each is typed, and the sentence that asks to correct it there. */
export const TYPED_WHERE: Record<TypedSetting, { step: StepNumber; correct: MessageId }> = {
  publicEndpoint: { step: 3, correct: 'setup.typed.correctPublicUrl' },
  directoryUrl: { step: 3, correct: 'setup.typed.correctDirectory' },
  maxConcurrent: { step: 4, correct: 'setup.typed.correctMaxConcurrent' },
};

const FIELDS = Object.keys(TYPED_READERS) as TypedSetting[];

/** A stored setting as its field shows it. */
export const storedText = (settings: Settings, field: TypedSetting): string =>
  settings[field] == null ? '' : String(settings[field]);

/** What a field shows: the stored value for a setting fixed for this run, else what was typed, else what is stored. */
export function typedText(typed: Typed, settings: Settings, fixed: ReadonlySet<string>, field: TypedSetting): string {
  return fixed.has(field) ? storedText(settings, field) : (typed[field] ?? storedText(settings, field));
}

/** What the typed settings come to against what is stored: the change "Start my node" sends, and every problem. */
export function typedDraft(typed: Typed, settings: Settings, fixed: ReadonlySet<string>): Draft<TypedSetting> {
  const values = Object.fromEntries(FIELDS.map((f) => [f, typedText(typed, settings, fixed, f)])) as Record<
    TypedSetting,
    string
  >;
  return readDraft(values, TYPED_READERS, settings, fixed);
}

/** The settings as they will be once "Start my node" saved what was typed (where it reads). */
export function afterStart(draft: Draft<TypedSetting>, settings: Settings): Settings {
  return { ...settings, ...draft.patch };
}

/** The first typed setting that needs correcting, in words, or null. */
export function typedBlock(draft: Draft<TypedSetting>): string | null {
  const field = FIELDS.find((f) => draft.errors[f]);
  if (!field) return null;
  const { step, correct } = TYPED_WHERE[field];
  return sayNow()(correct, { step });
}

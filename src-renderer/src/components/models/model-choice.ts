/**
 * Which of a server's models the node offers and which chat model answers tasks that name none: the model picker's
 * pure parts, shared by the setup wizard and Settings. No React, no I/O.
 */
import type { DetectedModel, ModelKind } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { sayNow } from '@shared/i18n/current';

/** The part of the settings the picker changes: models kept private (never offered) and the default chat model. */
export interface ModelSelection {
  excluded: string[];
  defaultModel: string | null;
}

/** Chat models first, each group in the server's order. */
export function sortModels(models: readonly DetectedModel[]): DetectedModel[] {
  return [...models.filter((m) => m.kind === 'chat'), ...models.filter((m) => m.kind !== 'chat')];
}

/** One word for each kind of model. */
export const KIND_WORDS: Readonly<Record<ModelKind, MessageId>> = {
  chat: 'components.model.chat',
  embedding: 'components.model.embedding',
  transcribe: 'components.model.transcribe',
  speech: 'components.model.speech',
  moderate: 'components.model.moderate',
};

export type BadgeTone = 'kind' | 'extra' | 'ok' | 'warn';

/** The badges a model row shows: what it is for, what else it takes in, and whether it is in memory. */
export function modelBadges(m: DetectedModel): { key: string; label: string; tone: BadgeTone }[] {
  const t = sayNow();
  const out: { key: string; label: string; tone: BadgeTone }[] = [
    { key: 'kind', label: t(KIND_WORDS[m.kind]), tone: 'kind' },
  ];
  // What else a chat model takes in; a transcription model's audio is what its kind already says.
  if (m.kind !== 'chat') {
    if (m.loaded === true) out.push({ key: 'loaded', label: t('components.model.loaded'), tone: 'ok' });
    return out;
  }
  if (m.modalities.includes('image')) out.push({ key: 'image', label: t('components.model.image'), tone: 'extra' });
  if (m.modalities.includes('audio')) out.push({ key: 'audio', label: t('components.model.audio'), tone: 'extra' });
  if (m.loaded === true) out.push({ key: 'loaded', label: t('components.model.loaded'), tone: 'ok' });
  return out;
}

export const offeredModels = (models: readonly DetectedModel[], excluded: readonly string[]): DetectedModel[] =>
  sortModels(models).filter((m) => !excluded.includes(m.name));

/** The chat models offered: the only ones a task that names no model (a chat task) can go to. */
export const offeredChatModels = (models: readonly DetectedModel[], excluded: readonly string[]): DetectedModel[] =>
  offeredModels(models, excluded).filter((m) => m.kind === 'chat');

/** The best default among the offered chat models: a loaded one, else the first; none when no chat model is offered. */
export function pickDefault(models: readonly DetectedModel[], excluded: readonly string[]): string | null {
  const chat = offeredChatModels(models, excluded);
  return (chat.find((m) => m.loaded === true) ?? chat[0])?.name ?? null;
}

/**
 * Ticks or unticks one model. A default that stops being offered moves to the best chat model still offered; a default
 * the server does not list right now (it may be away) is left as chosen, and so is "no preference", unless it was
 * only there because no chat model was offered.
 */
export function withModelOffered<S extends ModelSelection>(
  choice: S,
  models: readonly DetectedModel[],
  name: string,
  offered: boolean,
): S {
  const excluded = offered ? choice.excluded.filter((m) => m !== name) : [...new Set([...choice.excluded, name])];
  const d = choice.defaultModel;
  if (d === null)
    return {
      ...choice,
      excluded,
      defaultModel: offeredChatModels(models, choice.excluded).length > 0 ? null : pickDefault(models, excluded),
    };
  const keep =
    !excluded.includes(d) &&
    (models.some((m) => m.name === d && m.kind === 'chat') || !models.some((m) => m.name === d));
  return { ...choice, excluded, defaultModel: keep ? d : pickDefault(models, excluded) };
}

/** One row of the picker: a model the server lists, or a saved choice it does not list right now. */
export interface PickerRow {
  name: string;
  /** Null for a name the server does not list now (nothing is known about it). */
  model: DetectedModel | null;
  offered: boolean;
}

/**
 * The rows: the server's models (chat first), then names the person chose before that the server does not list now
 * (`keep`: saved exclusions and default), so nothing chosen disappears from view while the server is away.
 */
export function pickerRows(
  models: readonly DetectedModel[],
  excluded: readonly string[],
  keep: readonly string[] = [],
): PickerRow[] {
  const listed = new Set(models.map((m) => m.name));
  const rows: PickerRow[] = sortModels(models).map((m) => ({
    name: m.name,
    model: m,
    offered: !excluded.includes(m.name),
  }));
  const unlisted = [...new Set([...keep, ...excluded])].filter((n) => !listed.has(n));
  for (const name of unlisted) rows.push({ name, model: null, offered: !excluded.includes(name) });
  return rows;
}

/**
 * The default chat model's choices: "no preference" (value ''), then the offered chat models; a current default that
 * is none of these (the server does not list it now) stays choosable, marked, so opening the form changes nothing.
 */
export function defaultOptions(
  models: readonly DetectedModel[],
  choice: ModelSelection,
): { value: string; label: string }[] {
  const t = sayNow();
  const chat = offeredChatModels(models, choice.excluded);
  const options = [
    { value: '', label: chat.length > 0 ? t('components.model.noPreference') : t('components.model.none') },
  ];
  for (const m of chat) options.push({ value: m.name, label: m.name });
  const d = choice.defaultModel;
  if (d !== null && !chat.some((m) => m.name === d)) {
    const listed = models.find((m) => m.name === d);
    const why = !listed
      ? 'components.model.notListed'
      : listed.kind !== 'chat'
        ? 'components.model.notChat'
        : 'components.model.notOffered';
    options.push({ value: d, label: t(why, { model: d }) });
  }
  return options;
}

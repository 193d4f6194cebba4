/** The setup wizard's pure parts: its steps, model choices and error words. No React, no I/O. */
import type { ContractErrorBody, DetectedBackend, DetectedModel, ErrorCode, Settings } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import type { MessageId } from '@shared/i18n/catalogue';
import { issueWords, SETTINGS_MESSAGES } from '../../words/settings-messages';
import { serverRoot } from '../../lib/addresses';
import {
  offeredModels as offeredOf,
  pickDefault,
  sortModels,
  type ModelSelection,
} from '../../components/models/model-choice';

/** Each step named for what it does: `label` in the row of steps, `title` as the step's heading (catalogue ids). */
export const WIZARD_STEPS = [
  { n: 1, label: 'setup.steps.detect.label', title: 'setup.steps.detect.title' },
  { n: 2, label: 'setup.steps.models.label', title: 'setup.steps.models.title' },
  { n: 3, label: 'setup.steps.network.label', title: 'setup.steps.network.title' },
  { n: 4, label: 'setup.steps.share.label', title: 'setup.steps.share.title' },
  { n: 5, label: 'setup.steps.login.label', title: 'setup.steps.login.title' },
  { n: 6, label: 'setup.steps.identity.label', title: 'setup.steps.identity.title' },
  { n: 7, label: 'setup.steps.start.label', title: 'setup.steps.start.title' },
] as const satisfies readonly { n: number; label: MessageId; title: MessageId }[];
export type StepNumber = (typeof WIZARD_STEPS)[number]['n'];
export const LAST_STEP: StepNumber = 7;

/** A server's address as a test id part: `http://127.0.0.1:1234` becomes `http-127-0-0-1-1234`. */
export function urlId(url: string): string {
  return url
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The servers the node already uses besides the first one (Settings' "more backends"), as roots. */
export function storedExtraRoots(settings: Settings | null): string[] {
  return (settings?.moreBackends ?? []).map((b) => serverRoot(b.url));
}

export const MAX_CONCURRENT_MIN = 1;
export const MAX_CONCURRENT_MAX = 64;

/** Tasks at once as typed, judged by the same words as Settings. */
export function parseMaxConcurrent(raw: string): { value: number } | { error: string } {
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MAX_CONCURRENT_MIN || value > MAX_CONCURRENT_MAX)
    return { error: SETTINGS_MESSAGES.maxConcurrent.other };
  return { value };
}

/** The default ports the host looks at, named, for the quiet "also checked" line. */
const WELL_KNOWN_PORT_NAMES: Record<string, string> = {
  '11434': 'Ollama',
  '1234': 'LM Studio',
  '8000': 'vLLM',
  '8080': 'llama.cpp',
};

export function checkedLabel(url: string): string {
  try {
    const u = new URL(url);
    const name = WELL_KNOWN_PORT_NAMES[u.port];
    return name ? `${u.host} (${name})` : u.host;
  } catch {
    return url;
  }
}

export { pickDefault, sortModels };

/** The wizard's model choice: the picker's selection, and the server it belongs to (its root URL). */
export interface ModelChoice extends ModelSelection {
  url: string;
}

/**
 * Where step 2 starts, for the main server `server` and the models of every server the node will use: for the server
 * already configured, what is stored (its default only while it is an offered chat model); for a new one, everything
 * offered and the best chat model as the default.
 */
export function initialModelChoice(
  server: DetectedBackend,
  models: readonly DetectedModel[],
  settings: Settings | null,
): ModelChoice {
  const sameServer = settings?.backendUrl != null && serverRoot(settings.backendUrl) === server.url;
  const excluded = sameServer ? [...settings.excludedModels] : [];
  const stored = sameServer ? settings.defaultModel : null;
  const storedOffered =
    stored !== null && models.some((m) => m.name === stored && m.kind === 'chat') && !excluded.includes(stored);
  return { url: server.url, excluded, defaultModel: storedOffered ? stored : pickDefault(models, excluded) };
}

export const offeredModels = (models: readonly DetectedModel[], choice: ModelChoice): DetectedModel[] =>
  offeredOf(models, choice.excluded);

const CODE_WORDS: Record<ErrorCode, MessageId> = {
  invalid_request: 'setup.error.invalidRequest',
  unknown_command: 'setup.error.unknownCommand',
  invalid_state: 'setup.error.invalidState',
  engine_unavailable: 'setup.error.engineUnavailable',
  store_error: 'setup.error.storeError',
  needs_confirmation: 'setup.error.needsConfirmation',
  unauthorized: 'setup.error.unauthorized',
  internal: 'setup.error.internal',
};

const FIELD_WORDS: Record<string, MessageId> = {
  url: 'setup.field.serverAddress',
  backendUrl: 'setup.field.serverAddress',
  apiKey: 'setup.field.apiKey',
  defaultModel: 'setup.field.defaultModel',
  excludedModels: 'setup.field.excludedModels',
  publicEndpoint: 'setup.field.publicUrl',
  directoryUrl: 'setup.field.directoryUrl',
  maxConcurrent: 'setup.field.maxConcurrent',
  startAtLogin: 'setup.field.startAtLogin',
  extraUrls: 'setup.field.addedServer',
  apiKeys: 'setup.field.apiKey',
};

/**
 * An error answer in plain words: what went wrong, the host's message (quoted data in the summary's sentence), and
 * one line per field problem.
 */
export function describeError(error: ContractErrorBody): { summary: string; details: string[] } {
  const t = sayNow();
  const words = t(Object.hasOwn(CODE_WORDS, error.code) ? CODE_WORDS[error.code] : 'setup.error.other');
  const message = error.message.trim();
  const summary = message ? t('setup.error.withMessage', { words, message }) : t('setup.error.alone', { words });
  const details = (error.issues ?? []).map((i) => {
    const field = i.path.split('.')[0] ?? '';
    const label = Object.hasOwn(FIELD_WORDS, field)
      ? t(FIELD_WORDS[field]!)
      : i.path === '(root)' || !i.path
        ? null
        : i.path;
    return label ? t('setup.error.field', { label, problem: issueWords(i) }) : issueWords(i);
  });
  return { summary, details };
}

/** The setup wizard's pure parts: its steps, model choices and error words. No React, no I/O. */
import type { ContractErrorBody, DetectedBackend, DetectedModel, ErrorCode, Settings } from '@shared/contract';
import { issueWords, SETTINGS_MESSAGES } from '../../words/settings-messages';
import { serverRoot } from '../../lib/addresses';
import { offeredModels as offeredOf, pickDefault, sortModels, type ModelSelection } from '../../components/models/model-choice';

/** Each step named for what it does: `label` in the row of steps, `title` as the step's heading. */
export const WIZARD_STEPS = [
  { n: 1, label: 'Find your LLM server', title: 'Find your LLM server' },
  { n: 2, label: 'Choose models', title: 'Choose the models to offer' },
  { n: 3, label: 'Network', title: 'Network and directory' },
  { n: 4, label: 'How much to share', title: 'How much to share' },
  { n: 5, label: 'Start with your computer', title: 'Start with your computer' },
  { n: 6, label: 'Operator identity', title: 'Your operator identity' },
  { n: 7, label: 'Start', title: 'Start your node' },
] as const;
export type StepNumber = (typeof WIZARD_STEPS)[number]['n'];
export const LAST_STEP: StepNumber = 7;

export const stepTitle = (n: StepNumber): string => WIZARD_STEPS[n - 1]!.title;

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
  if (!/^\d+$/.test(text) || value < MAX_CONCURRENT_MIN || value > MAX_CONCURRENT_MAX) return { error: SETTINGS_MESSAGES.maxConcurrent.other };
  return { value };
}

/** The default ports the host looks at, named, for the quiet "also checked" line. */
const WELL_KNOWN_PORT_NAMES: Record<string, string> = { '11434': 'Ollama', '1234': 'LM Studio', '8000': 'vLLM', '8080': 'llama.cpp' };

export function checkedLabel(url: string): string {
  try {
    const u = new URL(url);
    const name = WELL_KNOWN_PORT_NAMES[u.port];
    return name ? `${u.host} (${name})` : u.host;
  } catch {
    return url;
  }
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

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
export function initialModelChoice(server: DetectedBackend, models: readonly DetectedModel[], settings: Settings | null): ModelChoice {
  const sameServer = settings?.backendUrl != null && serverRoot(settings.backendUrl) === server.url;
  const excluded = sameServer ? [...settings.excludedModels] : [];
  const stored = sameServer ? settings.defaultModel : null;
  const storedOffered = stored !== null && models.some((m) => m.name === stored && m.kind === 'chat') && !excluded.includes(stored);
  return { url: server.url, excluded, defaultModel: storedOffered ? stored : pickDefault(models, excluded) };
}

export const offeredModels = (models: readonly DetectedModel[], choice: ModelChoice): DetectedModel[] => offeredOf(models, choice.excluded);

const CODE_WORDS: Record<ErrorCode, string> = {
  invalid_request: 'The node did not accept a value',
  unknown_command: 'The node host does not know this step; it may be older than this page',
  invalid_state: 'The node cannot do this right now',
  engine_unavailable: 'The node is not reachable right now',
  store_error: 'The node could not save this',
  needs_confirmation: 'The node needs your confirmation first',
  unauthorized: 'This page may no longer talk to the node',
  internal: 'Something went wrong inside the node',
};

const FIELD_WORDS: Record<string, string> = {
  url: 'Server address',
  backendUrl: 'Server address',
  apiKey: 'API key',
  defaultModel: 'Default model',
  excludedModels: 'Models kept private',
  publicEndpoint: 'Public URL',
  directoryUrl: 'Directory address',
  maxConcurrent: 'Tasks at once',
  startAtLogin: 'Start at login',
  extraUrls: 'Added server address',
  apiKeys: 'API key',
};

/** An error answer in plain words: what went wrong, the host's message, and one line per field problem. */
export function describeError(error: ContractErrorBody): { summary: string; details: string[] } {
  const words = Object.hasOwn(CODE_WORDS, error.code) ? CODE_WORDS[error.code] : 'Something went wrong';
  const message = error.message.trim();
  const summary = message ? `${words}: ${message}` : `${words}.`;
  const details = (error.issues ?? []).map((i) => {
    const field = i.path.split('.')[0] ?? '';
    const label = Object.hasOwn(FIELD_WORDS, field) ? FIELD_WORDS[field] : i.path === '(root)' || !i.path ? null : i.path;
    return label ? `${label}: ${issueWords(i)}` : issueWords(i);
  });
  return { summary, details };
}

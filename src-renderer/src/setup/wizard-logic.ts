/** The setup wizard's pure parts: names, addresses, model choices and error words. No React, no I/O. */
import type { BackendFlavour, ContractErrorBody, DetectedBackend, DetectedModel, ErrorCode, Settings } from '../../../src-preload/contract';

export const WIZARD_STEPS = [
  { n: 1, label: 'Server' },
  { n: 2, label: 'Models' },
  { n: 3, label: 'Network' },
  { n: 4, label: 'Availability' },
  { n: 5, label: 'Login' },
  { n: 6, label: 'Start' },
] as const;
export type StepNumber = (typeof WIZARD_STEPS)[number]['n'];
export const LAST_STEP: StepNumber = 6;

const SERVER_NAMES: Record<BackendFlavour, string> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
  custom: 'OpenAI-compatible server',
};

/** What a person calls the server: "Ollama", "LM Studio", …; an unrecognised one is "LLM server". */
export function serverName(flavour: BackendFlavour | null): string {
  return flavour && Object.hasOwn(SERVER_NAMES, flavour) ? SERVER_NAMES[flavour] : 'LLM server';
}

/** The server root the host probes: trailing `/` and one trailing `/v1` removed (as the engine does). */
export function serverRoot(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed.slice(0, -'/v1'.length) : trimmed;
}

/**
 * What the person typed into "Add a server address", as a URL the host accepts. A bare `host:port` gets
 * `http://` in front, since that is what local servers speak.
 */
export function parseServerAddress(raw: string): { url: string } | { error: string } {
  const text = raw.trim();
  if (!text) return { error: 'Enter the address of the server, for example http://192.168.1.20:11434.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { error: 'This is not a web address. It looks like http://192.168.1.20:11434.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'The address must start with http:// or https://.' };
  if (parsed.username || parsed.password) return { error: 'Leave the user name and password out of the address; use the API key field.' };
  if (parsed.search || parsed.hash) return { error: 'The address must not contain ? or #.' };
  return { url: serverRoot(withScheme) };
}

/** The contract's limit on a URL setting. */
const MAX_URL_LENGTH = 2048;

/**
 * An optional public URL: empty means none (null). Mirrors the contract's check (a URL of at most 2048
 * characters that starts with http:// or https://), so the host's refusal is the exception.
 */
export function parsePublicUrl(raw: string): { value: string | null } | { error: string } {
  const text = raw.trim();
  if (!text) return { value: null };
  if (text.length > MAX_URL_LENGTH) return { error: `The address is too long (at most ${MAX_URL_LENGTH} characters).` };
  if (!/^https?:\/\//i.test(text)) {
    return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d/.test(text)
      ? { error: 'The address must start with http:// or https://.' }
      : { error: 'Enter a full address starting with http:// or https://, such as https://my-node.example.net, or leave the field empty.' };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { error: 'Enter a full address such as https://my-node.example.net, or leave the field empty.' };
  }
  if (!parsed.hostname) return { error: 'The address needs a host name or IP address after http://.' };
  return { value: text };
}

export const MAX_CONCURRENT_MIN = 1;
export const MAX_CONCURRENT_MAX = 64;

export function parseMaxConcurrent(raw: string): { value: number } | { error: string } {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return { error: `Enter a whole number from ${MAX_CONCURRENT_MIN} to ${MAX_CONCURRENT_MAX}.` };
  const value = Number(text);
  if (value < MAX_CONCURRENT_MIN || value > MAX_CONCURRENT_MAX) return { error: `Enter a whole number from ${MAX_CONCURRENT_MIN} to ${MAX_CONCURRENT_MAX}.` };
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

/** Chat models first, each group in the server's order. */
export function sortModels(models: readonly DetectedModel[]): DetectedModel[] {
  return [...models.filter((m) => m.kind === 'chat'), ...models.filter((m) => m.kind !== 'chat')];
}

/** The badges a model row shows: what it is for, what else it takes in, and whether it is in memory. */
export function modelBadges(m: DetectedModel): { key: string; label: string; tone: 'kind' | 'extra' | 'ok' }[] {
  const out: { key: string; label: string; tone: 'kind' | 'extra' | 'ok' }[] = [{ key: 'kind', label: m.kind, tone: 'kind' }];
  if (m.modalities.includes('image')) out.push({ key: 'image', label: 'image', tone: 'extra' });
  if (m.modalities.includes('audio')) out.push({ key: 'audio', label: 'audio', tone: 'extra' });
  if (m.loaded === true) out.push({ key: 'loaded', label: 'loaded', tone: 'ok' });
  return out;
}

export interface ModelChoice {
  /** The server these choices belong to (its root URL). */
  url: string;
  /** Models never offered; may name models the server does not list right now (kept private if they come back). */
  excluded: string[];
  defaultModel: string | null;
}

/** The best default among the offered models: a loaded chat model, any chat model, then anything offered. */
export function pickDefault(models: readonly DetectedModel[], excluded: readonly string[]): string | null {
  const offered = sortModels(models).filter((m) => !excluded.includes(m.name));
  const pick = offered.find((m) => m.kind === 'chat' && m.loaded === true) ?? offered.find((m) => m.kind === 'chat') ?? offered[0];
  return pick?.name ?? null;
}

/** Where step 2 starts: for the server already configured, what is stored; for a new one, everything offered. */
export function initialModelChoice(server: DetectedBackend, settings: Settings | null): ModelChoice {
  const sameServer = settings?.backendUrl != null && serverRoot(settings.backendUrl) === server.url;
  const excluded = sameServer ? [...settings.excludedModels] : [];
  const stored = sameServer ? settings.defaultModel : null;
  const storedOffered = stored !== null && server.models.some((m) => m.name === stored) && !excluded.includes(stored);
  return { url: server.url, excluded, defaultModel: storedOffered ? stored : pickDefault(server.models, excluded) };
}

/** Ticks or unticks one model; a default that is no longer offered moves to the best one still offered. */
export function withModelOffered(choice: ModelChoice, models: readonly DetectedModel[], name: string, offered: boolean): ModelChoice {
  const excluded = offered ? choice.excluded.filter((m) => m !== name) : [...new Set([...choice.excluded, name])];
  const defaultStillOffered = choice.defaultModel !== null && !excluded.includes(choice.defaultModel) && models.some((m) => m.name === choice.defaultModel);
  return { ...choice, excluded, defaultModel: defaultStillOffered ? choice.defaultModel : pickDefault(models, excluded) };
}

export const offeredModels = (models: readonly DetectedModel[], choice: ModelChoice): DetectedModel[] =>
  sortModels(models).filter((m) => !choice.excluded.includes(m.name));

const CODE_WORDS: Record<ErrorCode, string> = {
  invalid_request: 'The node did not accept a value',
  unknown_command: 'The node host does not know this step; it may be older than this page',
  invalid_state: 'The node cannot do this right now',
  engine_unavailable: 'The node is not reachable right now',
  store_error: 'The node could not save this',
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
    return label ? `${label}: ${i.message}` : i.message;
  });
  return { summary, details };
}

/** The host's problem for one field of an `invalid_request` answer, if it named that field. */
export function fieldIssue(error: ContractErrorBody, field: string): string | null {
  if (error.code !== 'invalid_request') return null;
  const hit = (error.issues ?? []).find((i) => i.path === field || i.path.startsWith(`${field}.`));
  return hit?.message ?? null;
}

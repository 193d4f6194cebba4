/** Finding the local LLM server and the directory: what the first-run wizard and Settings ask. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';
import { Empty, httpUrl } from './schema-parts';
import { SERVER_ID_RULE } from './settings';
import type { ModelNameFault } from '../text/model-name-rule';

/**
 * The kinds of local server the node knows by their answers: the LLM servers, and the speech servers (whisper.cpp,
 * speaches, Kokoro-FastAPI, openedai-speech) and LocalAI, which may serve both.
 */
export type BackendFlavour =
  | 'ollama'
  | 'lmstudio'
  | 'vllm'
  | 'llamacpp'
  | 'whispercpp'
  | 'speaches'
  | 'kokoro'
  | 'openedai_speech'
  | 'localai'
  | 'custom';

/** What a model does: an LLM chats or embeds; a speech server's model transcribes or speaks; a classifier moderates. */
export type ModelKind = 'chat' | 'embedding' | 'transcribe' | 'speech' | 'moderate';

/** Every kind, in the order lists show them: chat first, then embedding, speech to text, speech, moderation. */
export const MODEL_KINDS: readonly ModelKind[] = ['chat', 'embedding', 'transcribe', 'speech', 'moderate'];

export interface DetectedModel {
  name: string;
  kind: ModelKind;
  modalities: ('text' | 'image' | 'audio')[];
  loaded: boolean | null;
}

export interface DetectedBackend {
  url: string;
  source: 'well_known' | 'added';
  found: boolean;
  flavour: BackendFlavour | null;
  version: string | null;
  models: DetectedModel[];
  needsApiKey: boolean;
  /** Why it cannot be used as it is, or what it waits for: a sentence the page says in its person's language. */
  problem: Said | null;
  /**
   * Set when the address is link-local (such as a cloud provider's metadata service): it was not called, and
   * `problem` says why. Searching again with it in `confirmedUrls` calls it.
   */
  needsConfirmation?: true;
  elapsedMs: number;
}

export interface DetectionResult {
  candidates: DetectedBackend[];
  elapsedMs: number;
}

/**
 * The configured server's models for Settings' model picker: everything it lists (before exclusions), with what each
 * model is, from a fresh look. When the server does not answer, `models` is what it listed at its last answer (maybe
 * nothing) and `problem` says why the list may be incomplete.
 */
export interface ServerModels {
  /** The configured server, or null when none is chosen. */
  url: string | null;
  flavour: BackendFlavour | null;
  status: BackendStatus;
  models: DetectedModel[];
  /** True when `models` comes from an answer of the server just now. */
  current: boolean;
  /** Why the list may be incomplete, as a sentence. */
  problem: Said | null;
  /** When the server last answered (ISO), or null. */
  checkedAt: string | null;
}

/** `slow`: the server takes connections but did not answer the last look in time; tasks are still sent to it. */
export type BackendStatus = 'not_configured' | 'checking' | 'healthy' | 'loading' | 'slow' | 'unreachable';

/**
 * A model a server lists that the node leaves out of what it offers, while the server's other models serve:
 * - `too_large`: the server's description of it is larger than the node reads;
 * - `not_understood`: its description is not one the node can read;
 * - `name_<fault>`: its name fails the model name rule (`src-shared/text/model-name-rule.ts`: control, invisible or
 *   markup characters, odd spacing, too long, empty);
 * - `context`: the context length the server reports is not a whole number from 1 to 2^27;
 * - `size`: the parameter count the server reports is not a whole number from 1 to 10^14;
 * - `too_many`: the servers list more models than the node advertises, and this one is past its server's fair share.
 */
/**
 * The most tokens of context a model is advertised with: 2^27 (134 217 728), over ten times the largest context any
 * published model has (10 M), so no real model is left out, and far inside what every reader of an advert holds (the
 * directory keeps `max_tokens` as a 32-bit unsigned integer). A server reporting 1e300 or 2^60 tokens is not describing
 * a model.
 */
export const CONTEXT_TOKENS_MAX = 2 ** 27;
/** The most parameters a model is taken to have: 10^14 (100 trillion), fifty times the largest published model. */
export const PARAMETER_COUNT_MAX = 1e14;
/**
 * The most models the node advertises, all its servers together, each server getting a fair share
 * (`backends/server-set.ts`). Each model is in at most two capabilities, so REGISTER carries at most 256: the most a
 * discover reader of this app believes of one node, and with names of at most 128 characters a body far below the
 * production directory's 2 MiB.
 */
export const ADVERTISED_MODELS_MAX = 128;

export interface LeftOutModel {
  /** The server's name for it: foreign text, cleaned in the snapshot and shown quoted. */
  name: string;
  why: 'too_large' | 'not_understood' | `name_${ModelNameFault}` | 'context' | 'size' | 'too_many';
}

/** One of the LLM servers behind the node, as the dashboard and Settings list them. */
export interface LlmServerInfo {
  /** `main` for the server chosen first; the others' ids are made when they are added. */
  id: string;
  url: string;
  flavour: BackendFlavour | null;
  status: BackendStatus;
  /** The models it offers now (public names); empty while it does not serve. */
  models: string[];
  /** What those models do, each kind once, in `MODEL_KINDS` order: a speech server is told from an LLM server here. */
  serves: ModelKind[];
  /** Models it lists that the node leaves out of its offer, with why (the first 20). */
  leftOut: LeftOutModel[];
  /** How many models it lists that are left out in all. */
  leftOutCount: number;
  /** How many of them are in its memory now, or null when it does not say. */
  loaded: number | null;
  /** Tasks it runs now. */
  busy: number;
  /** Why it does not serve, in plain words, or null. */
  message: Said | null;
  /** A key is stored for it (the key itself never leaves the engine). */
  hasKey: boolean;
  /** It runs on this computer (only such a server frees this GPU for its owner). */
  onThisComputer: boolean;
}

/** The regions nodes on a directory use (the distinct `region` of its discover listing), for Settings' region field. */
export interface RegionList {
  /** The directory asked. */
  url: string;
  /** Most used first; `unknown` (a node that never chose one) is left out. */
  regions: { name: string; nodes: number }[];
  /** False when the directory could not be asked; `words` then says why (typing a region of your own still works). */
  ok: boolean;
  words: Said | null;
  /** When the directory answered or failed (ISO); answers are kept for a while. */
  asOf: string;
}

/** Whether a directory answers, for the wizard's network step: plain words first, the technical detail apart. */
export interface DirectoryCheck {
  url: string;
  ok: boolean;
  /** What the check found, as a sentence the page says in its person's language. */
  words: Said;
  /** How long its answer took, or null when none came. */
  ms: number | null;
  /** Status code or error code, for a "Details" disclosure only. */
  details: string | null;
  at: string;
}

/** Request schemas of the setup commands (validated in main before the engine sees them). */
export const setupCommands = {
  /** Look for local LLM servers (the usual ports plus the URLs given), within about 3 s. */
  detectBackends: z
    .object({
      extraUrls: z.array(httpUrl).max(8).default([]),
      /** Added URLs the person confirmed although they are link-local: only these of them are called. */
      confirmedUrls: z.array(httpUrl).max(8).optional(),
      /** API keys to try, per server URL (kept only in memory unless the server is then chosen). */
      apiKeys: z
        .array(z.object({ url: httpUrl, apiKey: z.string().min(1).max(512) }).strict())
        .max(8)
        .default([]),
    })
    .strict(),
  /**
   * Use this server: saves its URL and model choice, and its API key in the secret store. Like `addServer`, only an
   * address on this computer or its local network is taken.
   */
  chooseBackend: z
    .object({
      url: httpUrl,
      /** The person confirmed a link-local address (refused with `needs_confirmation` without it). */
      confirmLinkLocal: z.boolean().optional(),
      /** A key to store; null removes a stored key; omitted keeps what is stored. */
      apiKey: z.string().min(1).max(512).nullable().optional(),
      defaultModel: z.string().trim().min(1).max(255).nullable(),
      excludedModels: z.array(z.string().trim().min(1).max(255)).max(256),
    })
    .strict(),
  /**
   * One more LLM server behind the node (another program here, another box on the LAN): only an address on this
   * computer or its local network is taken, a name judged on what it resolves to. A link-local one (169.254.0.0/16,
   * fe80::/10: where cloud providers run their metadata service) is refused with `needs_confirmation` unless
   * `confirmLinkLocal` says the person confirmed it. Its key, if any, goes to the secret store.
   */
  addServer: z
    .object({
      url: httpUrl,
      apiKey: z.string().min(1).max(512).nullable().optional(),
      confirmLinkLocal: z.boolean().optional(),
    })
    .strict(),
  /** Stops using an added server (the first one is changed with `chooseBackend`); its key is forgotten. */
  removeServer: z.object({ id: z.string().regex(SERVER_ID_RULE) }).strict(),
  /** The wizard's last step: records the start-at-login choice (off unless chosen) and marks setup done. */
  completeSetup: z.object({ startAtLogin: z.boolean() }).strict(),
  /** The configured LLM server's models with their kinds, after a fresh look (Settings' model picker). */
  listServerModels: Empty,
  /**
   * The regions nodes on a directory use (default: the configured one); answers are kept for a while unless `refresh`.
   */
  listRegions: z.object({ url: httpUrl.optional(), refresh: z.boolean().default(false) }).strict(),
  /** Whether a directory answers (5 s at most); never fails for an unreachable one, it says so. */
  checkDirectory: z.object({ url: httpUrl }).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each setup command can answer with (besides `internal`). */
export const setupErrors = {
  detectBackends: ['invalid_request', 'engine_unavailable'],
  chooseBackend: ['invalid_request', 'needs_confirmation', 'engine_unavailable', 'store_error'],
  addServer: ['invalid_request', 'needs_confirmation', 'engine_unavailable', 'store_error'],
  removeServer: ['invalid_request', 'engine_unavailable', 'store_error'],
  completeSetup: ['invalid_request', 'engine_unavailable', 'store_error'],
  listServerModels: ['invalid_request', 'engine_unavailable'],
  listRegions: ['invalid_request', 'engine_unavailable'],
  checkDirectory: ['invalid_request'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;

/** Finding the local LLM server and the directory: what the first-run wizard and Settings ask. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { BackendStatus } from './node';
import { Empty, httpUrl } from './schema-parts';

export type BackendFlavour = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'custom';

export interface DetectedModel {
  name: string;
  kind: 'chat' | 'embedding';
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
  problem: string | null;
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
  problem: string | null;
  /** When the server last answered (ISO), or null. */
  checkedAt: string | null;
}

/** The regions nodes on a directory use (the distinct `region` of its discover listing), for Settings' region field. */
export interface RegionList {
  /** The directory asked. */
  url: string;
  /** Most used first; `unknown` (a node that never chose one) is left out. */
  regions: { name: string; nodes: number }[];
  /** False when the directory could not be asked; `words` then says why (typing a region of your own still works). */
  ok: boolean;
  words: string | null;
  /** When the directory answered or failed (ISO); answers are kept for a while. */
  asOf: string;
}

/** Whether a directory answers, for the wizard's network step: plain words first, the technical detail apart. */
export interface DirectoryCheck {
  url: string;
  ok: boolean;
  words: string;
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
      /** API keys to try, per server URL (kept only in memory unless the server is then chosen). */
      apiKeys: z.array(z.object({ url: httpUrl, apiKey: z.string().min(1).max(512) }).strict()).max(8).default([]),
    })
    .strict(),
  /** Use this server: saves its URL and model choice, and its API key in the secret store. */
  chooseBackend: z
    .object({
      url: httpUrl,
      /** A key to store; null removes a stored key; omitted keeps what is stored. */
      apiKey: z.string().min(1).max(512).nullable().optional(),
      defaultModel: z.string().trim().min(1).max(255).nullable(),
      excludedModels: z.array(z.string().trim().min(1).max(255)).max(256),
    })
    .strict(),
  /** The wizard's last step: records the start-at-login choice (off unless chosen) and marks setup done. */
  completeSetup: z.object({ startAtLogin: z.boolean() }).strict(),
  /** The configured LLM server's models with their kinds, after a fresh look (Settings' model picker). */
  listServerModels: Empty,
  /** The regions nodes on a directory use (default: the configured one); answers are kept for a while unless `refresh`. */
  listRegions: z.object({ url: httpUrl.optional(), refresh: z.boolean().default(false) }).strict(),
  /** Whether a directory answers (5 s at most); never fails for an unreachable one, it says so. */
  checkDirectory: z.object({ url: httpUrl }).strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each setup command can answer with (besides `internal`). */
export const setupErrors = {
  detectBackends: ['invalid_request', 'engine_unavailable'],
  chooseBackend: ['invalid_request', 'engine_unavailable', 'store_error'],
  completeSetup: ['invalid_request', 'engine_unavailable', 'store_error'],
  listServerModels: ['invalid_request', 'engine_unavailable'],
  listRegions: ['invalid_request', 'engine_unavailable'],
  checkDirectory: ['invalid_request'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;

/**
 * The listener's route table and what it asks of the gateway: every path it answers with the API it speaks there
 * (`GATEWAY_ROUTES`), and the handlers that answer them (`GatewayHandlers`).
 */
import {
  modelsForOpenAI,
  tagsForOllama,
  type GatewayApi,
  type GatewayRoute,
  type ListedModel,
  type SpeechRoute,
} from '../api-shapes';
import type { WireAsk, WireShape } from './request-shape';
import type { Served } from './served';
import type { StreamSink } from './stream-sink';

export interface GatewayHandlers {
  /** Checks an app key; null when it is not one. */
  checkKey: (presented: string) => { id: string; name: string } | null;
  allowedOrigins: () => readonly string[];
  /** Whether Ollama apps may come without a key, to be answered for free only (this computer and own machines). */
  keylessOllama?: () => boolean;
  /**
   * The models the network offers now, for the model lists (`GET /v1/models`, `GET /api/tags`); `freeOnly`: only those
   * answered free (an Ollama app without a key).
   */
  models: (freeOnly: boolean) => Promise<{ id: string; ownedBy: string }[]>;
  /** An app's request body read into its wire form (off the event loop when large). */
  shape: (route: GatewayRoute, body: Buffer) => WireShape | Promise<WireShape>;
  /** Counts a request in its app's minute, or refuses it (the app's own requests per minute); none: no such caps. */
  admit?: (appKeyId: string) => { ok: true } | { ok: false; retryAfterS: number; message: string };
  /**
   * One request to the network, answered in the app's API; `appKeyId` is the checked key's id (`page` for "try it").
   */
  serve: (
    ask: WireAsk,
    o: { timeoutMs: number; signal: AbortSignal; sink?: StreamSink; appKeyId: string; freeOnly?: boolean },
  ) => Promise<Served>;
  /**
   * Ollama's `POST /api/show`: a model's details as the adverts say them (model-details.ts); none: the path is not
   * there. `freeOnly`: as an app without a key may know them, a model only paid machines offer unknown.
   */
  show?: (body: Buffer, freeOnly: boolean) => Promise<{ status: number; body: unknown }>;
  /** Ollama's `GET /api/ps`: the models answered with lately; `freeOnly`: only those an app without a key may use. */
  running?: (freeOnly: boolean) => Promise<unknown>;
  /**
   * One request to a speech endpoint (transcription, speech, moderation): its body read into a task of the speech
   * intent and answered in OpenAI's form; none: the paths are not there.
   */
  speech?: (
    route: SpeechRoute,
    request: { contentType: string | undefined; body: Buffer },
    o: { timeoutMs: number; signal: AbortSignal; appKeyId: string },
  ) => Promise<Served>;
  /**
   * `GET /v1/audio/models` and `GET /v1/audio/voices` (Open WebUI's speech settings), for a caller without a key only
   * what this computer and the person's own machines run (`freeOnly`); none: no such paths.
   */
  audioLists?: (what: 'models' | 'voices', freeOnly: boolean) => Promise<unknown>;
}

export type Route =
  | { method: 'GET'; kind: 'list'; list: (models: readonly ListedModel[]) => unknown }
  | { method: 'GET'; kind: 'fixed'; body: unknown }
  | { method: 'GET'; kind: 'running' }
  | { method: 'POST'; kind: 'show' }
  | { method: 'POST'; kind: 'ask'; route: GatewayRoute }
  | { method: 'POST'; kind: 'speech'; route: SpeechRoute }
  | { method: 'GET'; kind: 'audio'; what: 'models' | 'voices' };

const ask = (route: GatewayRoute): Route => ({ method: 'POST', kind: 'ask', route });

/** Every path the gateway answers, with the API it speaks there. */
export const GATEWAY_ROUTES: Readonly<Record<string, { api: GatewayApi; route: Route }>> = Object.freeze({
  '/v1/models': { api: 'openai', route: { method: 'GET', kind: 'list', list: (m) => modelsForOpenAI(m) } },
  '/v1/chat/completions': { api: 'openai', route: ask('openai.chat') },
  '/v1/completions': { api: 'openai', route: ask('openai.completion') },
  '/v1/embeddings': { api: 'openai', route: ask('openai.embedding') },
  '/v1/responses': { api: 'openai', route: ask('openai.responses') },
  '/v1/audio/transcriptions': {
    api: 'openai',
    route: { method: 'POST', kind: 'speech', route: 'openai.transcription' },
  },
  '/v1/audio/speech': { api: 'openai', route: { method: 'POST', kind: 'speech', route: 'openai.speech' } },
  '/v1/moderations': { api: 'openai', route: { method: 'POST', kind: 'speech', route: 'openai.moderation' } },
  '/v1/audio/models': { api: 'openai', route: { method: 'GET', kind: 'audio', what: 'models' } },
  '/v1/audio/voices': { api: 'openai', route: { method: 'GET', kind: 'audio', what: 'voices' } },
  '/v1/messages': { api: 'anthropic', route: ask('anthropic.messages') },
  '/api/tags': { api: 'ollama', route: { method: 'GET', kind: 'list', list: (m) => tagsForOllama(m) } },
  // Ollama clients ask for the version before anything else; this is the API level the gateway speaks.
  '/api/version': { api: 'ollama', route: { method: 'GET', kind: 'fixed', body: { version: '0.5.0' } } },
  '/api/chat': { api: 'ollama', route: ask('ollama.chat') },
  '/api/generate': { api: 'ollama', route: ask('ollama.generate') },
  '/api/embed': { api: 'ollama', route: ask('ollama.embed') },
  '/api/embeddings': { api: 'ollama', route: ask('ollama.embeddings') },
  '/api/show': { api: 'ollama', route: { method: 'POST', kind: 'show' } },
  '/api/ps': { api: 'ollama', route: { method: 'GET', kind: 'running' } },
  '/': { api: 'ollama', route: { method: 'GET', kind: 'fixed', body: 'Ollama is running' } },
});

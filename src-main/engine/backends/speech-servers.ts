/**
 * Speech and moderation servers told apart by what they answer, never by their port or a name alone: several share
 * ports with the LLM servers (8080: llama.cpp, whisper.cpp, LocalAI; 8000: vLLM, speaches, openedai-speech), and most
 * are FastAPI apps that all say `Server: uvicorn`. Every probe here is a read or a request the server refuses before
 * doing any work: nothing is transcribed or spoken to find out.
 */
import type { BackendFlavour, ModelKind } from '@shared/contract';
import { isPlainObject } from './http';
import type { ReportedFacts } from './model-facts';
import { headerOf, type ProbeAnswer, type ProbeClient } from './probe-client';

/** The paths whisper-server answers transcriptions at: the OpenAI one when started so, else its own default. */
export const WHISPER_CPP_PATHS = ['/v1/audio/transcriptions', '/inference'] as const;

/**
 * The public name of whisper.cpp's one model. whisper-server names no model (it runs the file it was started with and
 * ignores `model`), so it gets the name OpenAI-compatible clients ask for transcription by.
 */
export const WHISPER_CPP_MODEL = 'whisper-1';

/**
 * The public name of a moderation server's model when its answer names none (a classifier behind a fixed route, as
 * the SDKs' toxic-bert shim): the intent names the model optional, but `health_models` needs a name to list.
 */
export const UNNAMED_MODERATION_MODEL = 'moderation';

/** speaches' and Kokoro-FastAPI's list of the voices their speech models speak in. */
const VOICES = '/v1/audio/voices';

/** The moderation probe's text: short, so a server that runs a model on it spends next to nothing. */
const MODERATION_PROBE = { input: 'test' } as const;

/** whisper-server says so in every answer's `Server` header, a 404 included. */
export function isWhisperCpp(a: ProbeAnswer): boolean {
  return headerOf(a, 'server').toLowerCase().includes('whisper.cpp');
}

/** The entries of a `/v1/models` answer's `data` that name a model. */
function listed(body: unknown): Record<string, unknown>[] {
  const data = isPlainObject(body) && Array.isArray(body.data) ? body.data : [];
  return data.filter((m): m is Record<string, unknown> => isPlainObject(m) && typeof m.id === 'string');
}

/**
 * The flavour a `/v1/models` list alone shows: speaches gives every model its `task`, Kokoro-FastAPI owns its models
 * as `kokoro`, vLLM as `vllm`. Null when the list does not say (the headers and other routes decide then).
 */
export function flavourOfList(body: unknown): BackendFlavour | null {
  const models = listed(body);
  if (models.length === 0) return null;
  if (models.some((m) => typeof m.task === 'string')) return 'speaches';
  if (models.every((m) => m.owned_by === 'kokoro')) return 'kokoro';
  if (models.every((m) => m.owned_by === 'vllm')) return 'vllm';
  return null;
}

/** openedai-speech lists `tts-1`/`tts-1-hd` owned by `user` and answers a stub of OpenAI's billing route. */
export function mayBeOpenedAiSpeech(body: unknown): boolean {
  const models = listed(body);
  return models.length > 0 && models.every((m) => m.owned_by === 'user' && /^tts-1(-hd)?$/.test(String(m.id)));
}

/** openedai-speech's `GET /v1/billing/usage`: exactly `{"total_usage":0}`. */
export function isOpenedAiBilling(body: unknown): boolean {
  return isPlainObject(body) && body.total_usage === 0 && Object.keys(body).length === 1;
}

/** LocalAI's list carries only `id` and `object` per model (no `owned_by`, no `created`). */
export function mayBeLocalAi(body: unknown): boolean {
  const models = listed(body);
  return models.length > 0 && models.every((m) => m.owned_by === undefined && m.created === undefined);
}

const SPEACHES_TASKS: Readonly<Record<string, ModelKind>> = {
  'automatic-speech-recognition': 'transcribe',
  'text-to-speech': 'speech',
};

/**
 * speaches' `/v1/models`: each model's `task` says what it does; speaker embedding, voice activity and diarization
 * models serve no intent of the node and are not listed.
 */
export function speachesFacts(body: unknown): ReportedFacts[] {
  const out: ReportedFacts[] = [];
  for (const m of listed(body)) {
    const kind = typeof m.task === 'string' && Object.hasOwn(SPEACHES_TASKS, m.task) ? SPEACHES_TASKS[m.task] : null;
    if (kind) out.push({ id: m.id as string, kind });
  }
  return out;
}

/** A list whose every model is of one kind (Kokoro-FastAPI's and openedai-speech's speech models). */
export function factsOfKind(body: unknown, kind: ModelKind): ReportedFacts[] {
  return listed(body).map((m) => ({ id: m.id as string, kind }));
}

/**
 * LocalAI's `GET /v1/models/capabilities` (newer builds): what each model is used for. A model gets the one kind it
 * serves, chat before the others (a chat model that also completes is one chat model); a model that serves none of
 * the node's intents (sound generation, voice activity) is not listed. Null when the route is not LocalAI's.
 */
export function localAiFacts(body: unknown): ReportedFacts[] | null {
  const models = listed(body);
  if (models.length === 0 || !models.every((m) => Array.isArray(m.capabilities))) return null;
  const out: ReportedFacts[] = [];
  for (const m of models) {
    const uses = (m.capabilities as unknown[]).filter((c): c is string => typeof c === 'string');
    const kind: ModelKind | null =
      uses.includes('chat') || uses.includes('completion')
        ? 'chat'
        : uses.includes('embeddings')
          ? 'embedding'
          : uses.includes('transcript')
            ? 'transcribe'
            : uses.includes('tts')
              ? 'speech'
              : null;
    if (kind) out.push({ id: m.id as string, kind });
  }
  return out;
}

/**
 * The path whisper-server answers transcriptions at, found by a POST without a file: it refuses that at once with 400
 * `{"error":"no 'file' field in the request"}` and transcribes nothing. Null when neither path answers so.
 */
export async function whisperCppPath(client: ProbeClient, timeoutMs: number): Promise<string | null> {
  for (const path of WHISPER_CPP_PATHS) {
    const a = await client.post(path, {}, timeoutMs);
    if (a.kind !== 'answer' || a.status !== 400 || !a.json.ok) continue;
    const v = a.json.value;
    if (isPlainObject(v) && typeof v.error === 'string' && /no 'file' field/.test(v.error)) return path;
  }
  return null;
}

/** whisper-server's one model, with the path it answers at when that is not the usual one. */
export function whisperCppModel(path: string): ReportedFacts {
  const usual = path === '/v1/audio/transcriptions';
  return { id: WHISPER_CPP_MODEL, kind: 'transcribe', ...(usual ? {} : { path }) };
}

/**
 * What a server's `POST /v1/moderations {"input":"test"}` says of it: the moderation model (the answer's `model`, or
 * `UNNAMED_MODERATION_MODEL` when it names none) when the answer is a moderation result — `results[0].flagged` a
 * boolean — else null.
 */
export async function moderationModel(client: ProbeClient, timeoutMs: number): Promise<string | null> {
  const a = await client.post('/v1/moderations', MODERATION_PROBE, timeoutMs);
  if (a.kind !== 'answer' || a.status < 200 || a.status > 299 || !a.json.ok) return null;
  const v = a.json.value;
  if (!isPlainObject(v) || !Array.isArray(v.results)) return null;
  const first: unknown = v.results[0];
  if (!isPlainObject(first) || typeof first.flagged !== 'boolean') return null;
  return typeof v.model === 'string' && v.model.trim() !== '' ? v.model : UNNAMED_MODERATION_MODEL;
}

/**
 * The speech models' voices from `GET /v1/audio/voices`: Kokoro-FastAPI lists `{id, name}` (plain names before 0.3)
 * for all its models; speaches dumps each voice with its `model_id` and `voice_id`. A server that lists none, or
 * answers otherwise, leaves its models without voices: the voices are a help to apps' settings, never a condition.
 */
async function withVoices(
  client: ProbeClient,
  reported: readonly ReportedFacts[],
  timeoutMs: number,
): Promise<ReportedFacts[]> {
  if (!reported.some((r) => r.kind === 'speech')) return [...reported];
  const a = await client.get(VOICES, timeoutMs);
  const v = a.kind === 'answer' && a.status === 200 && a.json.ok ? a.json.value : null;
  const voices = isPlainObject(v) && Array.isArray(v.voices) ? v.voices : [];
  const of = (model: string): unknown[] =>
    voices.flatMap((x: unknown) => {
      if (typeof x === 'string') return [x];
      if (!isPlainObject(x)) return [];
      if (typeof x.voice_id === 'string') return x.model_id === undefined || x.model_id === model ? [x.voice_id] : [];
      return typeof x.id === 'string' ? [x.id] : [];
    });
  return reported.map((r) => (r.kind === 'speech' ? { ...r, voices: of(r.id) } : r));
}

/**
 * The models of a speech server's own `/v1/models` (speaches, Kokoro-FastAPI, openedai-speech), with the voices of
 * those that list them; null for any other flavour.
 */
export async function speechListFacts(
  client: ProbeClient,
  flavour: BackendFlavour | null,
  body: unknown,
  timeoutMs: number,
): Promise<ReportedFacts[] | null> {
  if (flavour === 'speaches') return withVoices(client, speachesFacts(body), timeoutMs);
  if (flavour === 'kokoro') return withVoices(client, factsOfKind(body, 'speech'), timeoutMs);
  return flavour === 'openedai_speech' ? factsOfKind(body, 'speech') : null;
}

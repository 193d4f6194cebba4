import {
  judgeFacts,
  lmStudioV0Facts,
  llamaCppProps,
  ollamaShowFacts,
  ollamaTagNames,
  openAiModelFacts,
  type ModelFacts,
  type ReportedFacts,
} from './model-facts';
import { publicNames } from './model-names';
import { headerOf, isLoadingAnswer, okJson, type ProbeAnswer, type ProbeClient } from './probe-client';
import {
  draining,
  lmStudioLoaded,
  LOADING_RETRY_S,
  parseLmStudioModels,
  parseOllamaPs,
  STABILITY_OK,
  type BackendStability,
} from './stability';
import type { BackendFlavour, LeftOutModel } from '@shared/contract';
import { isPlainObject } from './http';
import {
  flavourOfList,
  isOpenedAiBilling,
  isWhisperCpp,
  localAiFacts,
  mayBeLocalAi,
  mayBeOpenedAiSpeech,
  moderationModel,
  speechListFacts,
  whisperCppModel,
  whisperCppPath,
} from './speech-servers';

export type { BackendFlavour, LeftOutModel };

/** Why a model's description could not be read. */
type Unreadable = Extract<LeftOutModel['why'], 'too_large' | 'not_understood'>;

export const DISCOVERY_TIMEOUT_MS = 3000;
export const HEARTBEAT_TIMEOUT_MS = 2000;
/** While a server loads or is away the monitor looks this often; tasks are told to come back after as long. */
export const FAST_PROBE_S = 1;

export type LookStatus = 'ok' | 'loading' | 'unauthorized' | 'unreachable' | 'timeout' | 'bad_response';

/** One look at the backend. */
export interface BackendLook {
  status: LookStatus;
  flavour: BackendFlavour | null;
  /** The server's own version or build, when it says (Ollama, vLLM, llama.cpp `/props`). */
  version: string | null;
  /** What it offers now, with public names (empty unless `ok`). */
  facts: ModelFacts[];
  /**
   * Models it lists that are left out of `facts`, with public names and why: their facts could not be read, or their
   * name or numbers fail the node's rules (empty unless `ok`).
   */
  leftOut: LeftOutModel[];
  /** Backend ids of the models in memory now; null when the server does not say. */
  loaded: string[] | null;
  stability: BackendStability | null;
}

/** What a look reuses from earlier ones: the flavour, the version and Ollama's per-model facts. */
export interface LookMemory {
  flavour: BackendFlavour | null;
  version: string | null;
  /** Ollama `/api/show` answers by model name and digest (a model's facts do not change under the same pair). */
  shown: Map<string, ReportedFacts>;
  /** Models whose `/api/show` answer could not be read, by name and digest: the same answer would come again. */
  unreadable: Map<string, Unreadable>;
  /** The path whisper-server answers transcriptions at, once found (null: not found yet). */
  transcribePath: string | null;
  /**
   * The moderation model a LocalAI or OpenAI-compatible server answered the moderation probe with, asked once when
   * its flavour is found (null: none).
   */
  moderation: string | null;
}

export function newLookMemory(): LookMemory {
  return {
    flavour: null,
    version: null,
    shown: new Map(),
    unreadable: new Map(),
    transcribePath: null,
    moderation: null,
  };
}

/** LocalAI's own route saying what each model is used for. */
const LOCALAI_USES = '/v1/models/capabilities';

/** Ollama models asked about per look at most; a server with hundreds is described over several looks. */
const MAX_SHOWS_PER_LOOK = 16;

/**
 * Looks at the backend over one connection, asking only what its flavour has: Ollama its tags, `/api/show` for new
 * models and `/api/ps`; LM Studio `/api/v0/models` and `/api/v1/models`; vLLM `/v1/models`; llama.cpp `/v1/models`
 * and `/props`. The flavour is read once from the headers of `/v1/models` (LM Studio and llama.cpp also answer some
 * of Ollama's routes, so headers decide before anything else). `timeout()` gives each request its time.
 */
export async function lookAtBackend(
  client: ProbeClient,
  memory: LookMemory,
  selectedModel: string | null,
  timeout: () => number,
  nowMs: () => number,
): Promise<BackendLook> {
  // A server loading a model drains: tasks are told to come back when the next look may find it ready.
  const look = (
    status: LookStatus,
    stability: BackendStability | null = status === 'loading'
      ? draining('backend_loading', LOADING_RETRY_S, nowMs())
      : null,
  ): BackendLook => ({
    status,
    flavour: memory.flavour,
    version: memory.version,
    facts: [],
    leftOut: [],
    loaded: null,
    stability,
  });
  let v1: ProbeAnswer | null = null;
  if (memory.flavour === null) {
    v1 = await client.get('/v1/models', timeout());
    if (v1.kind !== 'answer') return look(unanswered(v1));
    // What the server answers decides before its headers: the speech servers are FastAPI apps saying `uvicorn`.
    const listBody = okJson(v1);
    let flavour: BackendFlavour | null = isWhisperCpp(v1) ? 'whispercpp' : flavourOfList(listBody);
    if (!flavour && mayBeOpenedAiSpeech(listBody)) {
      if (isOpenedAiBilling(okJson(await client.get('/v1/billing/usage', timeout())))) flavour = 'openedai_speech';
    }
    flavour ??= fingerprint(v1);
    if (!flavour && isLoadingAnswer(v1)) flavour = 'llamacpp';
    if (!flavour) {
      const version = versionIn(await client.get('/api/version', timeout()));
      if (version !== undefined) {
        flavour = 'ollama';
        memory.version = version;
      } else if (mayBeLocalAi(listBody) && localAiFacts(okJson(await client.get(LOCALAI_USES, timeout())))) {
        flavour = 'localai';
      } else flavour = 'custom';
    }
    // Behind a key nothing tells the flavour: say "a server wants a key" without remembering a guess.
    if (refused(v1) && flavour === 'custom') return { ...look('unauthorized'), flavour };
    // Moderation is in no model list: asked once, of the servers that may have it.
    if (flavour === 'localai' || flavour === 'custom') memory.moderation = await moderationModel(client, timeout());
    memory.flavour = flavour;
  }
  const flavour = memory.flavour!;
  const list = (): Promise<ProbeAnswer> => (v1 ? Promise.resolve(v1) : client.get('/v1/models', timeout()));

  if (flavour === 'ollama') {
    const tags = await client.get('/api/tags', timeout());
    const failed = failure(tags);
    if (failed) return look(failed);
    const names = ollamaTagNames(okJson(tags));
    if (!names) return look('bad_response');
    // A model pulled again under the same name is another model: its facts are keyed by name and digest.
    const keyOf = digests(okJson(tags));
    let asked = 0;
    for (const name of names) {
      const key = keyOf(name);
      if (memory.shown.has(key) || memory.unreadable.has(key) || asked >= MAX_SHOWS_PER_LOOK) continue;
      asked++;
      const show = await client.post('/api/show', { model: name }, timeout());
      if (show.kind === 'timeout' || show.kind === 'unreachable') return look(unanswered(show));
      // A bad model is not a bad server: one whose description cannot be read is left out, the others still serve.
      const why = unreadable(show);
      if (why) {
        memory.unreadable.set(key, why);
        continue;
      }
      const described = okJson(show);
      // Not described now (deleted meanwhile, a passing error): asked again next time rather than guessed for good.
      if (described !== undefined) memory.shown.set(key, ollamaShowFacts(name, described));
    }
    if (memory.version === null) memory.version = versionIn(await client.get('/api/version', timeout())) ?? null;
    const ps = okJson(await client.get('/api/ps', timeout()));
    const served = names.filter((n) => !memory.unreadable.has(keyOf(n)));
    const judged = judgeFacts(served.map((n) => memory.shown.get(keyOf(n)) ?? { id: n }));
    const left = names.filter((n) => memory.unreadable.has(keyOf(n)));
    const leftNames = publicNames(left);
    const unread = left.map((n) => ({ name: leftNames.get(n) ?? n, why: memory.unreadable.get(keyOf(n))! }));
    const loaded = ps === undefined ? null : ollamaTagNames(ps);
    return {
      ...look('ok', ps === undefined ? degradedObserver() : parseOllamaPs(ps, selectedModel)),
      facts: judged.facts,
      leftOut: [...unread, ...judged.leftOut],
      loaded,
    };
  }

  if (flavour === 'lmstudio') {
    const v0 = await client.get('/api/v0/models', timeout());
    let reported = lmStudioV0Facts(okJson(v0));
    if (!reported) {
      const failed = failure(v0);
      if (failed && failed !== 'bad_response') return look(failed);
      const plain = await list();
      const f = failure(plain);
      if (f) return look(f);
      reported = openAiModelFacts(okJson(plain));
      if (!reported) return look('bad_response');
    }
    const v1models = await client.get('/api/v1/models', timeout());
    const stability =
      v1models.kind === 'answer' && v1models.status === 404
        ? { ...STABILITY_OK }
        : parseLmStudioModels(okJson(v1models), selectedModel, nowMs());
    const judged = judgeFacts(reported);
    return {
      ...look('ok', stability),
      facts: judged.facts,
      leftOut: judged.leftOut,
      loaded: lmStudioLoaded(okJson(v0), okJson(v1models)),
    };
  }

  if (flavour === 'whispercpp') {
    // whisper-server lists no models: its health says whether its one model is loaded, a refused empty upload where.
    const health = await client.get('/health', timeout());
    if (health.kind === 'answer' && health.status === 503) return look('loading');
    const failed = failure(health);
    if (failed) return look(failed);
    memory.transcribePath ??= await whisperCppPath(client, timeout());
    const judged = judgeFacts(memory.transcribePath === null ? [] : [whisperCppModel(memory.transcribePath)]);
    const loaded = judged.facts.map((f) => f.id);
    return { ...look('ok', { ...STABILITY_OK }), facts: judged.facts, leftOut: judged.leftOut, loaded };
  }

  const models = await list();
  if (isLoadingAnswer(models)) return look('loading');
  const failed = failure(models);
  // A moderation classifier may list no models at all: its moderation answer is what it offers.
  if (failed && (failed !== 'bad_response' || memory.moderation === null)) return look(failed);
  let reported = openAiModelFacts(okJson(models));
  reported = (await speechListFacts(client, flavour, okJson(models), timeout())) ?? reported;
  if (flavour === 'localai') reported = localAiFacts(okJson(await client.get(LOCALAI_USES, timeout()))) ?? reported;
  if (!reported && flavour === 'custom') {
    // An OpenAI-compatible proxy in front of Ollama may only pass its native routes.
    const names = ollamaTagNames(okJson(await client.get('/api/tags', timeout())));
    if (names) reported = names.map((id) => ({ id }));
  }
  if (!reported && memory.moderation === null) return look('bad_response');
  reported ??= [];

  if (flavour === 'vllm' && memory.version === null)
    memory.version = versionIn(await client.get('/version', timeout())) ?? null;
  if (flavour === 'llamacpp') {
    const props = await client.get('/props', timeout());
    if (refused(props)) return look('unauthorized'); // /v1/models is public on llama-server; /props is not
    if (isLoadingAnswer(props)) return look('loading');
    if (props.kind === 'answer' && props.status === 500) {
      // llama-server cannot describe an embedding model (its vocabulary has no end-of-sequence token): the one sign,
      // before a task fails, that it serves embeddings and nothing else.
      reported = reported.map((r) => ({ ...r, kind: 'embedding' as const }));
    } else {
      const p = llamaCppProps(okJson(props));
      if (p.build) memory.version = p.build;
      // The context of one slot is what a request gets, not the model's training context.
      if (p.contextLength)
        reported = reported.map((r) => ({ ...r, kind: 'chat' as const, contextLength: p.contextLength }));
      if (p.tools !== null || p.vision !== null || p.audio !== null)
        reported = reported.map((r) => ({ ...r, tools: p.tools, vision: p.vision, audio: p.audio }));
      if (p.thinking) reported = reported.map((r) => ({ ...r, thinking: p.thinking }));
    }
  }
  // A moderation model another listed model's name already stands for is that model: a name is one model.
  const moderation = memory.moderation;
  if (moderation !== null && !reported.some((r) => r.id === moderation))
    reported = [...reported, { id: moderation, kind: 'moderate' }];
  // vLLM, llama.cpp and the speech servers serve exactly what they list: everything listed is in memory.
  const { facts, leftOut } = judgeFacts(reported);
  return {
    ...look('ok', { ...STABILITY_OK }),
    facts,
    leftOut,
    loaded: flavour === 'custom' || flavour === 'localai' ? null : facts.map((f) => f.id),
  };
}

/** The key of a tag's facts: its name and digest (`/api/tags` gives both). */
function digests(tags: unknown): (name: string) => string {
  const byName = new Map<string, string>();
  const list = isPlainObject(tags) && Array.isArray(tags.models) ? tags.models : [];
  for (const m of list)
    if (isPlainObject(m) && typeof m.name === 'string' && typeof m.digest === 'string') byName.set(m.name, m.digest);
  return (name) => `${name}\u0000${byName.get(name) ?? ''}`;
}

function fingerprint(a: ProbeAnswer): BackendFlavour | null {
  const poweredBy = headerOf(a, 'x-powered-by').toLowerCase();
  const server = headerOf(a, 'server').toLowerCase();
  if (poweredBy.includes('express')) return 'lmstudio';
  // Every FastAPI app says uvicorn; vLLM is one that has a model list (perhaps behind a key).
  if (server.includes('vllm') || (server.includes('uvicorn') && a.kind === 'answer' && a.status !== 404)) return 'vllm';
  if (server.includes('llama.cpp') || server.includes('llama-server')) return 'llamacpp';
  return null;
}

function refused(a: ProbeAnswer): boolean {
  return a.kind === 'answer' && (a.status === 401 || a.status === 403);
}

/**
 * What a call that brought no answer to read says of the server: an answer too big to read is one it does not
 * understand.
 */
function unanswered(a: Exclude<ProbeAnswer, { kind: 'answer' }>): LookStatus {
  return a.kind === 'too_large' ? 'bad_response' : a.kind;
}

/** Why a model's description cannot be read (too large, or a 2xx that is not a JSON object), or null when it can. */
function unreadable(a: ProbeAnswer): Unreadable | null {
  if (a.kind === 'too_large') return 'too_large';
  if (a.kind !== 'answer' || a.status < 200 || a.status > 299) return null;
  return a.json.ok && isPlainObject(a.json.value) ? null : 'not_understood';
}

/** Why an answer is not a usable list, or null when it is a 2xx JSON answer. */
function failure(a: ProbeAnswer): LookStatus | null {
  if (a.kind !== 'answer') return unanswered(a);
  if (refused(a)) return 'unauthorized';
  if (isLoadingAnswer(a)) return 'loading';
  return okJson(a) === undefined ? 'bad_response' : null;
}

function degradedObserver(): BackendStability {
  return { backend_state: 'degraded', reason_class: 'observer_error' };
}

/**
 * The `version` a server's version route answers (Ollama `/api/version`, vLLM `/version`): undefined when none, null
 * when too long to show.
 */
function versionIn(a: ProbeAnswer): string | null | undefined {
  const v = okJson(a);
  if (!isPlainObject(v) || typeof v.version !== 'string') return undefined;
  return v.version.length <= 64 ? v.version : null;
}

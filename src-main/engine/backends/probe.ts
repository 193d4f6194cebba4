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
  LOADING_RETRY_S,
  parseLmStudioModels,
  parseOllamaPs,
  STABILITY_OK,
  type BackendStability,
} from './stability';
import type { BackendFlavour, LeftOutModel } from '@shared/contract';
import { isPlainObject } from './http';

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
}

export function newLookMemory(): LookMemory {
  return { flavour: null, version: null, shown: new Map(), unreadable: new Map() };
}

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
    let flavour = fingerprint(v1);
    if (!flavour && isLoadingAnswer(v1)) flavour = 'llamacpp';
    if (!flavour) {
      const version = versionIn(await client.get('/api/version', timeout()));
      if (version !== undefined) {
        flavour = 'ollama';
        memory.version = version;
      } else flavour = 'custom';
    }
    // Behind a key nothing tells the flavour: say "a server wants a key" without remembering a guess.
    if (refused(v1) && flavour === 'custom') return { ...look('unauthorized'), flavour };
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

  const models = await list();
  if (isLoadingAnswer(models)) return look('loading');
  const failed = failure(models);
  if (failed) return look(failed);
  let reported = openAiModelFacts(okJson(models));
  if (!reported && flavour === 'custom') {
    // An OpenAI-compatible proxy in front of Ollama may only pass its native routes.
    const names = ollamaTagNames(okJson(await client.get('/api/tags', timeout())));
    if (names) reported = names.map((id) => ({ id }));
  }
  if (!reported) return look('bad_response');

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
  // vLLM and llama.cpp serve exactly what they list: everything listed is in memory.
  const { facts, leftOut } = judgeFacts(reported);
  return {
    ...look('ok', { ...STABILITY_OK }),
    facts,
    leftOut,
    loaded: flavour === 'custom' ? null : facts.map((f) => f.id),
  };
}

/** LM Studio's loaded models: `state: "loaded"` in `/api/v0/models`, or a ready instance in `/api/v1/models`. */
function lmStudioLoaded(v0: unknown, v1: unknown): string[] | null {
  const out: string[] = [];
  const v0list = isPlainObject(v0) && Array.isArray(v0.data) ? v0.data : null;
  for (const m of v0list ?? [])
    if (isPlainObject(m) && typeof m.id === 'string' && m.state === 'loaded') out.push(m.id);
  const v1list = isPlainObject(v1)
    ? Array.isArray(v1.data)
      ? v1.data
      : Array.isArray(v1.models)
        ? v1.models
        : null
    : null;
  for (const m of v1list ?? []) {
    if (!isPlainObject(m)) continue;
    const id = typeof m.id === 'string' ? m.id : typeof m.key === 'string' ? m.key : null;
    const instances = Array.isArray(m.loaded_instances) ? m.loaded_instances : [];
    const ready = instances.some(
      (i) =>
        isPlainObject(i) &&
        ['loaded', 'ready', 'idle', 'running'].includes(String(i.state ?? i.status ?? '').toLowerCase()),
    );
    if (id && ready && !out.includes(id)) out.push(id);
  }
  return v0list === null && v1list === null ? null : out;
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
  if (server.includes('vllm') || server.includes('uvicorn')) return 'vllm';
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

import { bearerHeaders, discardBody, isPlainObject, parseJson, readBodyCapped } from './http';
import { degraded, parseLmStudioModels, parseOllamaPs, STABILITY_OK, type BackendStability } from './stability';
import { backendRoot } from './urls';

export { backendApiBase, backendRoot } from './urls';

export type BackendFlavour = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'custom';

export const DISCOVERY_TIMEOUT_MS = 3000;
export const HEARTBEAT_TIMEOUT_MS = 2000;
/** Model lists are small; a backend answering megabytes is misbehaving and is treated as no answer. */
const MAX_PROBE_BODY_BYTES = 8 * 1024 * 1024;

type Answer =
  | { kind: 'ok'; headers: Headers; json: { ok: true; value: unknown } | { ok: false } }
  | { kind: 'status'; status: number }
  | { kind: 'unreachable' };

/**
 * GETs one fixed discovery path under the backend root. Redirects are not followed (a probe must not be
 * bounced to another host with our API key) and every failure is folded into "no answer".
 */
async function probe(
  root: string,
  path: string,
  apiKey: string | null | undefined,
  timeoutMs: number,
  fetchImpl: typeof fetch,
  wantBody: boolean,
): Promise<Answer> {
  let res: Response;
  try {
    res = await fetchImpl(`${root}${path}`, {
      method: 'GET',
      headers: { accept: 'application/json', ...bearerHeaders(apiKey) },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (res.status < 200 || res.status > 299) {
    await discardBody(res);
    return { kind: 'status', status: res.status };
  }
  if (!wantBody) {
    await discardBody(res);
    return { kind: 'ok', headers: res.headers, json: { ok: false } };
  }
  try {
    return { kind: 'ok', headers: res.headers, json: parseJson(await readBodyCapped(res, MAX_PROBE_BODY_BYTES)) };
  } catch {
    return { kind: 'ok', headers: res.headers, json: { ok: false } };
  }
}

export type ModelListStatus = 'ok' | 'unauthorized' | 'unreachable' | 'bad_response';

export interface ModelListing {
  /** Discovered model names in the backend's order, without duplicates or blanks. */
  models: string[];
  /** `unauthorized` means the backend wants an API key (or a different one); `models` is then empty. */
  status: ModelListStatus;
  source: 'api_tags' | 'v1_models' | null;
}

/** `models[].name` of an `/api/tags` answer, or null when the answer is not that shape. */
function tagNames(answer: Answer): string[] | null {
  if (answer.kind !== 'ok' || !answer.json.ok || !isPlainObject(answer.json.value)) return null;
  const models = answer.json.value.models;
  if (!Array.isArray(models)) return null;
  return dedupe(models.map((m) => (isPlainObject(m) ? m.name : undefined)));
}

/** `data[].id` of a `/v1/models` answer, or null when the answer is not that shape. */
function dataIds(answer: Answer): string[] | null {
  if (answer.kind !== 'ok' || !answer.json.ok || !isPlainObject(answer.json.value)) return null;
  const data = answer.json.value.data;
  if (!Array.isArray(data)) return null;
  return dedupe(data.map((m) => (isPlainObject(m) ? m.id : undefined)));
}

function dedupe(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) if (typeof v === 'string' && v.trim() && !out.includes(v)) out.push(v);
  return out;
}

/**
 * The backend's model list: Ollama's `/api/tags` when it names models, else the OpenAI `/v1/models`.
 * Tags come first, as in the reference node, so Ollama and its look-alikes are listed under the names
 * their users type; servers without tags fall through to `/v1/models`.
 */
export async function listModels(
  url: string,
  apiKey: string | null | undefined,
  timeoutMs: number = DISCOVERY_TIMEOUT_MS,
  fetchImpl: typeof fetch = fetch,
): Promise<ModelListing> {
  const root = backendRoot(url);
  const tags = await probe(root, '/api/tags', apiKey, timeoutMs, fetchImpl, true);
  const names = tagNames(tags);
  if (names && names.length > 0) return { models: names, status: 'ok', source: 'api_tags' };

  const v1 = await probe(root, '/v1/models', apiKey, timeoutMs, fetchImpl, true);
  const ids = dataIds(v1);
  if (ids) return { models: ids, status: 'ok', source: 'v1_models' };
  if (names) return { models: [], status: 'ok', source: 'api_tags' };

  const refused = [tags, v1].some((a) => a.kind === 'status' && (a.status === 401 || a.status === 403));
  if (refused) return { models: [], status: 'unauthorized', source: null };
  if (tags.kind === 'unreachable' && v1.kind === 'unreachable') return { models: [], status: 'unreachable', source: null };
  return { models: [], status: 'bad_response', source: null };
}

/**
 * The models the backend offers right now, for the heartbeat's `health_models`: sorted, without
 * duplicates, minus excluded ones. `undefined` when the backend did not answer, so the heartbeat can
 * tell "no models" from "unknown".
 */
export async function liveModels(
  url: string,
  apiKey: string | null | undefined,
  excludedModels: Iterable<string> = [],
  timeoutMs: number = HEARTBEAT_TIMEOUT_MS,
  fetchImpl: typeof fetch = fetch,
): Promise<string[] | undefined> {
  const listing = await listModels(url, apiKey, timeoutMs, fetchImpl);
  if (listing.status !== 'ok') return undefined;
  const excluded = new Set(excludedModels);
  return listing.models.filter((m) => !excluded.has(m)).sort();
}

/**
 * Which server is behind the URL. Headers decide first because LM Studio also answers Ollama's
 * `/api/version` and `/api/tags`; only a server without a telling header is asked for `/api/version`.
 */
export async function detectFlavour(
  url: string,
  apiKey: string | null | undefined,
  timeoutMs: number = DISCOVERY_TIMEOUT_MS,
  fetchImpl: typeof fetch = fetch,
): Promise<BackendFlavour> {
  const root = backendRoot(url);
  const models = await probe(root, '/v1/models', apiKey, timeoutMs, fetchImpl, false);
  if (models.kind === 'ok') {
    const poweredBy = (models.headers.get('x-powered-by') ?? '').toLowerCase();
    const server = (models.headers.get('server') ?? '').toLowerCase();
    if (poweredBy.includes('express')) return 'lmstudio';
    if (server.includes('vllm') || server.includes('uvicorn')) return 'vllm';
    if (server.includes('llama.cpp') || server.includes('llama-server')) return 'llamacpp';
  }
  const version = await probe(root, '/api/version', apiKey, timeoutMs, fetchImpl, false);
  return version.kind === 'ok' ? 'ollama' : 'custom';
}

/**
 * Whether the backend can serve the selected model right now. Ollama and LM Studio are asked what they
 * have loaded; vLLM, llama.cpp and unknown servers keep one model resident, so they are taken as ok.
 * `flavour: null` (not yet detected) is treated as Ollama, the most common backend.
 */
export async function observeStability(
  flavour: BackendFlavour | null,
  url: string,
  apiKey: string | null | undefined,
  selectedModel: string | null,
  timeoutMs: number = HEARTBEAT_TIMEOUT_MS,
  nowMs: number = Date.now(),
  fetchImpl: typeof fetch = fetch,
): Promise<BackendStability> {
  const root = backendRoot(url);
  if (flavour === 'ollama' || flavour === null) {
    const answer = await probe(root, '/api/ps', apiKey, timeoutMs, fetchImpl, true);
    if (answer.kind !== 'ok' || !answer.json.ok) return degraded('observer_error');
    return parseOllamaPs(answer.json.value, selectedModel);
  }
  if (flavour === 'lmstudio') {
    const answer = await probe(root, '/api/v1/models', apiKey, timeoutMs, fetchImpl, true);
    if (answer.kind !== 'ok' || !answer.json.ok) return degraded('observer_error');
    return parseLmStudioModels(answer.json.value, selectedModel, nowMs);
  }
  return { ...STABILITY_OK };
}

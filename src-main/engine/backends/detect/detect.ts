import type { BackendFlavour, DetectedBackend, DetectedModel, DetectionResult } from '../../../../src-preload/contract';
import { intentForModel, modalitiesForModel } from '../capabilities';
import { readBodyCapped } from '../../net/read-body';
import { INTENT_EMBEDDING } from '../intents';
import { backendRoot } from '../urls';
import { isLocalUrl } from './local-address';

export type { DetectedBackend, DetectedModel, DetectionResult };
export type DetectedFlavour = BackendFlavour;

/** The usual local servers and their default ports (brief §6, desktop recommendation). */
export const WELL_KNOWN_BACKENDS: readonly { url: string; label: DetectedFlavour }[] = [
  { url: 'http://127.0.0.1:11434', label: 'ollama' },
  { url: 'http://127.0.0.1:1234', label: 'lmstudio' },
  { url: 'http://127.0.0.1:8000', label: 'vllm' },
  { url: 'http://127.0.0.1:8080', label: 'llamacpp' },
];

export interface DetectOptions {
  /** URLs the person added (must be on this computer or the local network). */
  extraUrls?: readonly string[];
  /** API keys by URL, for servers that need one. */
  apiKeys?: Readonly<Record<string, string>>;
  /** Replaces the well-known list (tests run fakes on free ports). */
  wellKnown?: readonly { url: string; label: DetectedFlavour }[];
  budgetMs?: number;
  requestTimeoutMs?: number;
  fetchImpl?: typeof fetch;
  isLocal?: (url: string) => Promise<boolean>;
}

const NAMES: Record<DetectedFlavour, string> = { ollama: 'Ollama', lmstudio: 'LM Studio', vllm: 'vLLM', llamacpp: 'llama.cpp', custom: 'The server' };
const MAX_BODY = 4 * 1024 * 1024;

type Got = { kind: 'ok'; status: number; headers: Headers; json: unknown } | { kind: 'status'; status: number; headers: Headers } | { kind: 'timeout' } | { kind: 'refused' } | { kind: 'error' };

/**
 * Finds the local LLM servers: every candidate is probed in parallel with short per-request timeouts and one
 * overall budget (3 s), so a hanging server costs its timeout and nothing more, and one failure never sinks
 * the others. A server is named by its response headers before anything else, because LM Studio and
 * llama.cpp also answer Ollama's endpoints. Redirects are never followed.
 */
export async function detectBackends(opts: DetectOptions = {}): Promise<DetectionResult> {
  const started = Date.now();
  const budgetMs = opts.budgetMs ?? 3000;
  const deadline = started + budgetMs - 100;
  const wellKnown = opts.wellKnown ?? WELL_KNOWN_BACKENDS;
  const seen = new Set<string>();
  const list: { url: string; source: DetectedBackend['source'] }[] = [];
  for (const w of wellKnown) {
    const root = backendRoot(w.url);
    if (!seen.has(root)) list.push({ url: root, source: 'well_known' });
    seen.add(root);
  }
  for (const raw of opts.extraUrls ?? []) {
    let root: string;
    try {
      root = backendRoot(raw.trim());
      new URL(root);
    } catch {
      continue;
    }
    if (!seen.has(root)) list.push({ url: root, source: 'added' });
    seen.add(root);
  }
  const isLocal = opts.isLocal ?? ((u: string) => isLocalUrl(u));
  const candidates = await Promise.all(
    list.map(async (c) => {
      const t0 = Date.now();
      // The name lookup counts against the budget too: a slow DNS answer must not stall the wizard.
      if (c.source === 'added' && !(await withinBudget(isLocal(c.url), deadline, false))) {
        return blank(c, t0, 'Only servers on this computer or your local network can be used.');
      }
      try {
        return await probeCandidate(c, deadline, opts, t0);
      } catch {
        return blank(c, t0, 'Checking this server failed unexpectedly.');
      }
    }),
  );
  return { candidates, elapsedMs: Date.now() - started };
}

function withinBudget<T>(p: Promise<T>, deadline: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), Math.max(0, deadline - Date.now()));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

function blank(c: { url: string; source: DetectedBackend['source'] }, t0: number, problem: string | null): DetectedBackend {
  return { url: c.url, source: c.source, found: false, flavour: null, version: null, models: [], needsApiKey: false, problem, elapsedMs: Date.now() - t0 };
}

async function probeCandidate(
  c: { url: string; source: DetectedBackend['source'] },
  deadline: number,
  opts: DetectOptions,
  t0: number,
): Promise<DetectedBackend> {
  const key = opts.apiKeys?.[c.url] ?? null;
  const get = (path: string) => getJson(c.url + path, key, Math.min(opts.requestTimeoutMs ?? 1500, deadline - Date.now()), opts.fetchImpl ?? fetch);
  const [v1, version, tags] = await Promise.all([get('/v1/models'), get('/api/version'), get('/api/tags')]);
  const answers = [v1, version, tags];
  if (answers.every((a) => a.kind === 'refused' || a.kind === 'error')) {
    return blank(c, t0, c.source === 'added' ? `Nothing answers at ${c.url}.` : null);
  }
  if (answers.every((a) => a.kind === 'timeout' || a.kind === 'refused' || a.kind === 'error')) {
    return blank(c, t0, `Something at ${c.url} accepted the connection but did not answer in time. Is the server stuck or still starting?`);
  }
  const headers = answers.flatMap((a) => ('headers' in a ? [a.headers] : []));
  let flavour = fingerprint(headers);
  if (!flavour && version.kind === 'ok') flavour = 'ollama';
  if (!flavour && (v1.kind === 'ok' || tags.kind === 'ok')) flavour = 'custom';
  const needsApiKey = answers.some((a) => a.kind === 'status' && (a.status === 401 || a.status === 403));
  if (!flavour) {
    if (needsApiKey) flavour = 'custom';
    else return { ...blank(c, t0, `Something answers at ${c.url}, but it is not an LLM server this app knows.`), found: false };
  }
  const name = NAMES[flavour];
  if (needsApiKey && v1.kind !== 'ok' && tags.kind !== 'ok') {
    return {
      url: c.url,
      source: c.source,
      found: true,
      flavour,
      version: null,
      models: [],
      needsApiKey: true,
      problem: key ? `${name} refused the API key.` : `${name} needs an API key: enter the one set in its server settings.`,
      elapsedMs: Date.now() - t0,
    };
  }

  // Model names: Ollama's tags first (the names its users type), else the OpenAI list.
  const names = namesFrom(tags, 'models', 'name') ?? namesFrom(v1, 'data', 'id') ?? [];
  const loaded = await loadedModels(flavour, get, names);
  // Only Ollama's /api/version and vLLM's /version are the server's own (LM Studio mimics Ollama's).
  let ver: string | null = null;
  if (flavour === 'ollama' && version.kind === 'ok') ver = str((version.json as Record<string, unknown>)?.version);
  if (flavour === 'vllm') {
    const v = await get('/version');
    if (v.kind === 'ok') ver = str((v.json as Record<string, unknown>)?.version);
  }
  const models: DetectedModel[] = names.map((n) => ({
    name: n,
    kind: intentForModel(n) === INTENT_EMBEDDING ? 'embedding' : 'chat',
    modalities: modalitiesForModel(n),
    loaded: loaded === null ? null : loaded.has(n) || [...loaded].some((l) => l.split(':')[0] === n.split(':')[0] && !n.includes(':')),
  }));
  let problem: string | null = null;
  if (models.length === 0) {
    problem =
      flavour === 'ollama'
        ? 'Ollama runs but has no models yet. Install one, e.g. `ollama pull llama3.2`.'
        : `${name} runs but offers no models. Download or load one first.`;
  } else if (flavour === 'lmstudio' && loaded !== null && loaded.size === 0) {
    problem = 'No model is loaded in LM Studio yet; tasks will wait until it loads one.';
  }
  return { url: c.url, source: c.source, found: true, flavour, version: ver, models, needsApiKey: false, problem, elapsedMs: Date.now() - t0 };
}

function fingerprint(headers: Headers[]): DetectedFlavour | null {
  for (const h of headers) {
    const powered = (h.get('x-powered-by') ?? '').toLowerCase();
    const server = (h.get('server') ?? '').toLowerCase();
    if (powered.includes('express')) return 'lmstudio';
    if (server.includes('vllm') || server.includes('uvicorn')) return 'vllm';
    if (server.includes('llama.cpp') || server.includes('llama-server')) return 'llamacpp';
  }
  return null;
}

async function loadedModels(flavour: DetectedFlavour, get: (p: string) => Promise<Got>, names: string[]): Promise<Set<string> | null> {
  if (flavour === 'ollama') {
    const ps = await get('/api/ps');
    return new Set(namesFrom(ps, 'models', 'name') ?? []);
  }
  if (flavour === 'lmstudio') {
    const r = await get('/api/v1/models');
    if (r.kind !== 'ok') return null;
    const body = r.json as Record<string, unknown> | null;
    const list = (Array.isArray(body?.data) ? body.data : Array.isArray(body?.models) ? body.models : []) as Record<string, unknown>[];
    const out = new Set<string>();
    for (const m of list) {
      const inst = Array.isArray(m.loaded_instances) ? (m.loaded_instances as Record<string, unknown>[]) : [];
      if (inst.some((i) => ['loaded', 'ready', 'idle', 'running'].includes(String(i.state ?? i.status ?? '').toLowerCase()))) {
        const id = str(m.id) ?? str(m.key) ?? str(m.model_key);
        if (id) out.add(id);
      }
    }
    return out;
  }
  // vLLM and llama.cpp serve exactly what they list: everything listed is loaded.
  if (flavour === 'vllm' || flavour === 'llamacpp') return new Set(names);
  return null;
}

function namesFrom(a: Got, listKey: string, field: string): string[] | null {
  if (a.kind !== 'ok' || !a.json || typeof a.json !== 'object') return null;
  const list = (a.json as Record<string, unknown>)[listKey];
  if (!Array.isArray(list)) return null;
  const out: string[] = [];
  for (const m of list) {
    const v = m && typeof m === 'object' ? (m as Record<string, unknown>)[field] : undefined;
    if (typeof v === 'string' && v.trim() && !out.includes(v)) out.push(v);
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length <= 64 ? v : null);

async function getJson(url: string, apiKey: string | null, timeoutMs: number, fetchImpl: typeof fetch): Promise<Got> {
  if (timeoutMs <= 0) return { kind: 'timeout' };
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      redirect: 'manual',
      signal: ctrl.signal,
    });
    if (res.status < 200 || res.status > 299) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'status', status: res.status, headers: res.headers };
    }
    const text = (await readBodyCapped(res, MAX_BODY)).toString('utf8');
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'status', status: 200, headers: res.headers }; // 2xx but not JSON: not an API answer
    }
    return { kind: 'ok', status: res.status, headers: res.headers, json };
  } catch (err) {
    if (timedOut) return { kind: 'timeout' };
    const code = (err as { cause?: { code?: string } })?.cause?.code;
    return code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'error' };
  } finally {
    clearTimeout(timer);
  }
}

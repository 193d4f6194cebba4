import type { BackendFlavour, DetectedBackend, DetectedModel, DetectionResult } from '@shared/contract';
import { lookAtBackend, newLookMemory } from '../probe';
import { ProbeClient } from '../probe-client';
import { said, type Said } from '@shared/i18n/said';
import type { MessageId } from '@shared/i18n/catalogue';
import { judgeServerUrl, type ServerVerdict } from '../../net';
import { backendRoot, backendUrlProblemKind, type BackendUrlProblem } from '../urls';

export type { DetectedBackend, DetectedModel, DetectionResult };
export type DetectedFlavour = BackendFlavour;

/** The usual local servers and their default ports, probed because the person should not have to know them. */
export const WELL_KNOWN_BACKENDS: readonly { url: string; label: DetectedFlavour }[] = [
  { url: 'http://127.0.0.1:11434', label: 'ollama' },
  { url: 'http://127.0.0.1:1234', label: 'lmstudio' },
  { url: 'http://127.0.0.1:8000', label: 'vllm' },
  { url: 'http://127.0.0.1:8080', label: 'llamacpp' },
  // Kokoro-FastAPI's port; the labels are only the usual tenant of a port: what answers there decides (`probe.ts`).
  { url: 'http://127.0.0.1:8880', label: 'kokoro' },
];

export interface DetectOptions {
  /** URLs the person added (must be on this computer or the local network). */
  extraUrls?: readonly string[];
  /** Added URLs the person confirmed although they are link-local (compared by their root): only these are called. */
  confirmed?: readonly string[];
  /** API keys by URL, for servers that need one. */
  apiKeys?: Readonly<Record<string, string>>;
  /** Replaces the well-known list (tests run fakes on free ports). */
  wellKnown?: readonly { url: string; label: DetectedFlavour }[];
  budgetMs?: number;
  requestTimeoutMs?: number;
  /** Where an added URL leads (default `judgeServerUrl` with the operating system's resolver). */
  judge?: (url: string) => Promise<ServerVerdict>;
}

/** A server's name in a sentence: its product's name, or the words for one the app does not know. */
const NAMES: Record<DetectedFlavour, string | Said> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
  whispercpp: 'whisper.cpp',
  speaches: 'Speaches',
  kokoro: 'Kokoro',
  openedai_speech: 'openedai-speech',
  localai: 'LocalAI',
  custom: said('setup.problem.theServer'),
};

const URL_PROBLEM: Record<BackendUrlProblem, MessageId> = {
  not_url: 'setup.problem.urlNotUrl',
  scheme: 'setup.problem.urlScheme',
  credentials: 'setup.problem.urlCredentials',
  query: 'setup.problem.urlQuery',
};

/**
 * Finds the local LLM servers: every candidate is looked at in parallel (each over one connection, as the monitor
 * does) with short per-request timeouts and one overall budget (3 s), so a hanging server costs its timeout and
 * nothing more, and one failure never sinks the others. A server is named by its response headers before anything
 * else, because LM Studio and llama.cpp also answer Ollama's endpoints. Redirects are never followed.
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
  const judge = opts.judge ?? ((u: string) => judgeServerUrl(u));
  const confirmed = new Set((opts.confirmed ?? []).map((u) => backendRoot(u.trim())));
  const candidates = await Promise.all(
    list.map(async (c) => {
      const t0 = Date.now();
      if (c.source === 'added') {
        const problem = backendUrlProblemKind(c.url);
        if (problem) return blank(c, t0, said(URL_PROBLEM[problem]));
        // The name lookup counts against the budget too: a slow DNS answer must not stall the wizard.
        const verdict = await withinBudget(judge(c.url), deadline, { place: 'elsewhere', byName: true });
        if (verdict.place === 'elsewhere') return blank(c, t0, said('setup.problem.notLocal'));
        if (verdict.place === 'link_local' && !confirmed.has(c.url)) {
          return {
            ...blank(c, t0, said('setup.problem.linkLocal', { byName: verdict.byName ? 'yes' : 'no' })),
            needsConfirmation: true as const,
          };
        }
      }
      try {
        return await probeCandidate(c, deadline, opts, t0);
      } catch {
        return blank(c, t0, said('setup.problem.failed'));
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

function blank(
  c: { url: string; source: DetectedBackend['source'] },
  t0: number,
  problem: Said | null,
): DetectedBackend {
  return {
    url: c.url,
    source: c.source,
    found: false,
    flavour: null,
    version: null,
    models: [],
    needsApiKey: false,
    problem,
    elapsedMs: Date.now() - t0,
  };
}

async function probeCandidate(
  c: { url: string; source: DetectedBackend['source'] },
  deadline: number,
  opts: DetectOptions,
  t0: number,
): Promise<DetectedBackend> {
  const key = opts.apiKeys?.[c.url] ?? null;
  const perRequest = opts.requestTimeoutMs ?? 1500;
  // One connection per candidate, every body read to its end: a llama-server with two of its three connection slots
  // busy must still be found (see ProbeClient).
  const client = new ProbeClient(c.url, () => key);
  const memory = newLookMemory();
  let look;
  try {
    look = await lookAtBackend(
      client,
      memory,
      null,
      () => Math.max(1, Math.min(perRequest, deadline - Date.now())),
      Date.now,
    );
  } finally {
    client.close();
  }
  const found = (
    flavour: DetectedFlavour,
    models: DetectedModel[],
    problem: Said | null,
    needsApiKey = false,
  ): DetectedBackend => ({
    url: c.url,
    source: c.source,
    found: true,
    flavour,
    version: look.version,
    models,
    needsApiKey,
    problem,
    elapsedMs: Date.now() - t0,
  });
  if (look.flavour === null) {
    if (look.status === 'timeout') return blank(c, t0, said('setup.problem.stuck', { url: c.url }));
    return blank(c, t0, c.source === 'added' ? said('setup.problem.nothing', { url: c.url }) : null);
  }
  const flavour = look.flavour;
  const name = NAMES[flavour];
  if (look.status === 'unauthorized') {
    return found(
      flavour,
      [],
      said(key ? 'setup.problem.keyRefused' : 'setup.problem.keyNeeded', { server: name }),
      true,
    );
  }
  if (look.status === 'loading') {
    return found(flavour, [], said('setup.problem.loading', { server: flavour === 'custom' ? 'none' : name }));
  }
  if (look.status === 'timeout') return found(flavour, [], said('setup.problem.slow', { server: name }));
  if (look.status !== 'ok') {
    if (flavour === 'custom') return blank(c, t0, said('setup.problem.unknownServer', { url: c.url }));
    return found(flavour, [], said('setup.problem.notUnderstood', { server: name }));
  }
  const loaded = look.loaded === null ? null : new Set(look.loaded);
  const models: DetectedModel[] = look.facts.map((f) => ({
    name: f.name,
    kind: f.kind,
    modalities: f.modalities,
    loaded:
      loaded === null
        ? null
        : loaded.has(f.id) || [...loaded].some((l) => l.split(':')[0] === f.id.split(':')[0] && !f.id.includes(':')),
  }));
  let problem: Said | null = null;
  if (models.length === 0)
    problem =
      flavour === 'ollama' ? said('setup.problem.ollamaEmpty') : said('setup.problem.noModels', { server: name });
  else if (flavour === 'lmstudio' && loaded !== null && loaded.size === 0) problem = said('setup.problem.lmStudioIdle');
  return found(flavour, models, problem);
}

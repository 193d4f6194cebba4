/**
 * Asks the LLM server to let go of the GPU's memory while its owner uses it. Each server has its own way, and some
 * have none; the answer says which, in words for the person. Nothing is reloaded here: the server loads the model
 * again by itself with the next task.
 */
import type { BackendFlavour } from '@shared/contract';
import { backendRoot, okJson, ProbeClient } from '../backends';

export interface FreedMemory {
  /** What the server did, in one sentence for the event log and the page. */
  words: string;
  /** Models the server was asked to unload. */
  unloaded: string[];
  /** False when this server has no way to be asked. */
  possible: boolean;
}

const CALL_MS = 5_000;
/** A server listing more loaded models than this is not believed beyond it. */
const MAX_MODELS = 16;

function strings(list: unknown, pick: (item: Record<string, unknown>) => unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list.slice(0, MAX_MODELS)) {
    const v = typeof item === 'object' && item !== null ? pick(item as Record<string, unknown>) : null;
    if (typeof v === 'string' && v.length > 0 && v.length <= 255) out.push(v);
  }
  return out;
}

/** Ollama: the models in memory (`/api/ps`), each unloaded by a generate call with `keep_alive: 0`. */
async function ollama(client: ProbeClient): Promise<FreedMemory> {
  const ps = okJson(await client.get('/api/ps', CALL_MS)) as { models?: unknown } | undefined;
  const models = strings(ps?.models, (m) => m.model ?? m.name);
  const unloaded: string[] = [];
  for (const model of models) {
    const r = await client.post('/api/generate', { model, keep_alive: 0 }, CALL_MS);
    if (r.kind === 'answer' && r.status >= 200 && r.status <= 299) unloaded.push(model);
  }
  return {
    possible: true,
    unloaded,
    words:
      models.length === 0
        ? 'Ollama held no model in memory.'
        : `Ollama unloaded ${unloaded.length} of ${models.length} models.`,
  };
}

/**
 * LM Studio 0.4 and later: the loaded instances (`/api/v1/models`), each unloaded by id; older versions have no way.
 */
async function lmStudio(client: ProbeClient): Promise<FreedMemory> {
  const list = okJson(await client.get('/api/v1/models', CALL_MS)) as { models?: unknown } | undefined;
  if (!list || !Array.isArray(list.models))
    return {
      possible: false,
      unloaded: [],
      words: 'This LM Studio version cannot be asked to unload models; unload them in LM Studio.',
    };
  const ids = list.models
    .slice(0, MAX_MODELS)
    .flatMap((m) => strings((m as { loaded_instances?: unknown }).loaded_instances, (i) => i.id));
  const unloaded: string[] = [];
  for (const id of ids) {
    const r = await client.post('/api/v1/models/unload', { instance_id: id }, CALL_MS);
    if (r.kind === 'answer' && r.status >= 200 && r.status <= 299) unloaded.push(id);
  }
  return {
    possible: true,
    unloaded,
    words:
      ids.length === 0
        ? 'LM Studio held no model in memory.'
        : `LM Studio unloaded ${unloaded.length} of ${ids.length} models.`,
  };
}

export async function freeGpuMemory(
  url: string,
  flavour: BackendFlavour | null,
  apiKey: () => string | null,
): Promise<FreedMemory> {
  if (flavour !== 'ollama' && flavour !== 'lmstudio') {
    const name = flavour === 'llamacpp' ? 'llama.cpp' : flavour === 'vllm' ? 'vLLM' : 'This LLM server';
    return {
      possible: false,
      unloaded: [],
      words: `${name} cannot be asked to free the GPU's memory; it keeps its model loaded while paused.`,
    };
  }
  const client = new ProbeClient(backendRoot(url), apiKey);
  try {
    return flavour === 'ollama' ? await ollama(client) : await lmStudio(client);
  } finally {
    client.close();
  }
}

/**
 * Asks each LLM server on this computer to free the GPU's memory (where it can be asked). A server on another
 * machine of the LAN uses that machine's GPU, not the owner's here, and is left alone.
 */
export async function freeServersGpuMemory(
  servers: readonly {
    id: string;
    url: string;
    onThisComputer: boolean;
    observation: { flavour: BackendFlavour | null };
  }[],
  apiKey: (server: string) => string | null,
): Promise<FreedMemory> {
  if (servers.length === 0) return { possible: false, unloaded: [], words: 'No LLM server is set up.' };
  const here = servers.filter((s) => s.onThisComputer);
  if (here.length === 0)
    return { possible: false, unloaded: [], words: 'Your LLM servers run on other computers, so none holds this GPU.' };
  const freed = await Promise.all(here.map((s) => freeGpuMemory(s.url, s.observation.flavour, () => apiKey(s.id))));
  return {
    possible: freed.some((f) => f.possible),
    unloaded: freed.flatMap((f) => f.unloaded),
    words: freed.map((f) => f.words).join(' '),
  };
}

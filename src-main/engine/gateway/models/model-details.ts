/**
 * Ollama's `/api/show` and `/api/ps` for the gateway's models. Show says what the adverts say of a model (its context,
 * quantization, whether it takes tools, fills in the middle or reads images) and what this computer's own servers say
 * of theirs; nothing is guessed from a name, so an unknown family is "". Ps lists the models the gateway answered with
 * in the last five minutes (Ollama's default keep-alive): the network keeps its models loaded, so that is the nearest
 * honest sense of "running" here.
 *
 * An app without a key (`freeOnly`) is told only of what it may use: this computer's models and the person's own
 * machines'. A model only other operators' machines offer gets the very 404 of a model nobody offers, and what such
 * machines advertise of a model the own machines also run is left out of its details.
 */
import { z } from 'zod';
import { INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING, LLM_INTENTS } from '../../backends';
import { errorBody, ModelName, isoTime } from '../api-shapes';
import { INLINE_BYTES, type GatewayHandlers } from '../listener';
import type { ListedModel } from './model-list';
import { type NodeList, type OfferedNode, localModelFacts, type LocalServer } from '../routing';

/** Ollama keeps a model loaded this long after its last use unless told otherwise. */
export const KEEP_ALIVE_MS = 5 * 60_000;
/** The most models remembered as recently used: a bound on the record whatever apps ask for. */
const MAX_RECENT = 256;

export interface ModelDetailsSources {
  /**
   * The models the gateway lists now (`/api/tags`): a model not listed is one nobody offers; `freeOnly` as an app
   * without a key sees them.
   */
  listed: (freeOnly: boolean) => Promise<ListedModel[]>;
  /** The network's offer for an intent (with the person's known machines). */
  nodes: (intent: string) => Promise<NodeList>;
  /**
   * Whether a node is one of the person's own machines (free to use): the only ones an app without a key is told of.
   */
  isOwn: (node: OfferedNode) => boolean;
  local?: LocalServer;
  now: () => number;
}

/** What is known of one model, gathered over every node and intent that offers it. */
interface Known {
  completion: boolean;
  embedding: boolean;
  tools: boolean;
  fim: boolean;
  vision: boolean;
  contextTokens: number | null;
  quantization: string | null;
}

const ShowRequest = z
  .object({ model: ModelName.optional(), name: ModelName.optional() })
  .refine((b) => (b.model ?? b.name) !== undefined, { error: 'model is required' });

export type Shown = { status: number; body: unknown };

export class ModelDetails {
  /** Model → when the gateway last answered with it. */
  private readonly used = new Map<string, number>();

  constructor(private readonly s: ModelDetailsSources) {}

  /** A request the gateway answered with `model`: it is "running" for the keep-alive after. */
  noteUsed(model: string): void {
    this.used.delete(model);
    this.used.set(model, this.s.now());
    if (this.used.size > MAX_RECENT) this.used.delete(this.used.keys().next().value!);
  }

  /** The listener's handlers: each answered request is noted for `/api/ps`; show and ps answered here. */
  handlers(serve: GatewayHandlers['serve']): Pick<GatewayHandlers, 'serve' | 'show' | 'running'> {
    return {
      serve: async (ask, x) => {
        const served = await serve(ask, x);
        if (served.ok) this.noteUsed(ask.model);
        return served;
      },
      show: (body, freeOnly) => this.show(body, freeOnly),
      running: (freeOnly) => this.running(freeOnly),
    };
  }

  /**
   * `POST /api/show` with `{model}` (or the older `{name}`): the model's details, or Ollama's 404. `freeOnly`: as an
   * app without a key may know them (module comment).
   */
  async show(raw: Uint8Array, freeOnly = false): Promise<Shown> {
    // A model's name fits in far less; a larger body is not parsed on the event loop (the codec thread is for asks).
    if (raw.byteLength > INLINE_BYTES)
      return {
        status: 413,
        body: errorBody('ollama', 413, 'payload_too_large', `The request is larger than ${INLINE_BYTES / 1024} KiB.`),
      };
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
    } catch {
      return { status: 400, body: errorBody('ollama', 400, 'invalid_json', 'The request body is not valid JSON.') };
    }
    const read = ShowRequest.safeParse(body);
    if (!read.success)
      return {
        status: 400,
        body: errorBody('ollama', 400, 'invalid_request', 'model is required: name one of the models /api/tags lists.'),
      };
    const model = (read.data.model ?? read.data.name)!;
    if (!(await this.s.listed(freeOnly)).some((m) => m.id === model))
      return { status: 404, body: errorBody('ollama', 404, 'model_not_found', `model '${model}' not found`) };
    const k = await this.known(model, freeOnly);
    const modelInfo: Record<string, unknown> = { 'general.architecture': '' };
    if (k.contextTokens !== null) modelInfo['.context_length'] = k.contextTokens;
    return {
      status: 200,
      body: {
        license: '',
        modelfile: '',
        parameters: '',
        template: '',
        details: detailsOf(k),
        model_info: modelInfo,
        capabilities: capabilitiesOf(k),
        modified_at: isoTime(this.s.now()),
      },
    };
  }

  /**
   * `GET /api/ps`: the models answered with in the last keep-alive, newest first; `freeOnly`: only those an app without
   * a key may use, though an app with a key used others.
   */
  async running(freeOnly = false): Promise<{ models: Record<string, unknown>[] }> {
    const now = this.s.now();
    let recent = [...this.used].filter(([, at]) => now - at < KEEP_ALIVE_MS).reverse();
    if (freeOnly && recent.length > 0) {
      const free = new Set((await this.s.listed(true)).map((m) => m.id));
      recent = recent.filter(([model]) => free.has(model));
    }
    const models: Record<string, unknown>[] = [];
    for (const [model, at] of recent) {
      const k = await this.known(model, freeOnly);
      models.push({
        name: model,
        model,
        size: 0,
        digest: '',
        details: detailsOf(k),
        expires_at: isoTime(at + KEEP_ALIVE_MS),
        size_vram: 0,
        ...(k.contextTokens !== null ? { context_length: k.contextTokens } : {}),
      });
    }
    return { models };
  }

  /**
   * What the adverts of the nodes offering `model` say of it, and this computer's servers; `freeOnly`: own nodes' only.
   */
  private async known(model: string, freeOnly: boolean): Promise<Known> {
    const k: Known = {
      completion: false,
      embedding: false,
      tools: false,
      fim: false,
      vision: false,
      contextTokens: null,
      quantization: null,
    };
    const lists = await Promise.all(LLM_INTENTS.map(async (intent) => ({ intent, list: await this.s.nodes(intent) })));
    for (const { intent, list } of lists) {
      for (const n of list.nodes) {
        if (!n.models.includes(model) || (freeOnly && !this.s.isOwn(n))) continue;
        offeredFor(k, intent);
        const a = n.facts?.get(model);
        if (!a) continue;
        k.tools ||= a.tools;
        k.fim ||= a.fim;
        k.vision ||= a.modalities.includes('image');
        if (a.contextTokens !== null) k.contextTokens = Math.max(k.contextTokens ?? 0, a.contextTokens);
        k.quantization ??= a.quantization;
      }
    }
    const local = this.s.local;
    if (!local) return k;
    for (const intent of LLM_INTENTS) if (local.models(intent).includes(model)) offeredFor(k, intent);
    const own = localModelFacts(local, model);
    k.tools ||= own?.tools === true;
    k.fim ||= own?.fim === true;
    if (own?.contextTokens) k.contextTokens = Math.max(k.contextTokens ?? 0, own.contextTokens);
    return k;
  }
}

function offeredFor(k: Known, intent: string): void {
  if (intent === INTENT_CHAT || intent === INTENT_COMPLETION) k.completion = true;
  if (intent === INTENT_EMBEDDING) k.embedding = true;
}

function detailsOf(k: Known): Record<string, unknown> {
  return {
    parent_model: '',
    format: 'gguf',
    family: '',
    families: [],
    parameter_size: '',
    quantization_level: k.quantization ?? '',
  };
}

function capabilitiesOf(k: Known): string[] {
  const out: string[] = [];
  if (k.completion) out.push('completion');
  if (k.embedding) out.push('embedding');
  if (k.tools) out.push('tools');
  if (k.fim) out.push('insert');
  if (k.vision) out.push('vision');
  return out;
}

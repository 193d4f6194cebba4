import { CONTEXT_TOKENS_MAX, PARAMETER_COUNT_MAX, type LeftOutModel, type ModelKind } from '@shared/contract';
import { modelNameFault, soundModelNames, type ModelNameFault } from '@shared/text/model-name-rule';
import { isPlainObject } from './http';
import { publicNames } from './model-names';
import { INTENT_EMBEDDING, INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from './intents';
import { llamaCppThinking, ollamaThinking, type ThinkingKind } from './thinking-controls';

export type Modality = 'text' | 'image' | 'audio';
export type { ModelKind };

/**
 * What the node knows of one model. The servers say most of it themselves (Ollama's `/api/show`, LM Studio's
 * `/api/v0/models`, vLLM's and llama.cpp's `/v1/models`, llama.cpp's `/props`); the name is read only for what
 * a server does not say.
 */
export interface ModelFacts {
  /** The backend's own id, sent to it and nowhere else (it may be a file path). */
  id: string;
  /** The public name: what the directory, consumers, the ledger and the dashboard see. */
  name: string;
  kind: ModelKind;
  modalities: Modality[];
  /** Tokens of context one request may use, when the server says. */
  contextLength: number | null;
  /** Parameters, when the server says (the pricing tier reads it before the name). */
  parameterCount: number | null;
  /** The model takes tools (`tools` / `tool_choice`), when the server says so; never read from a name. */
  tools: boolean;
  /** The model fills in the middle (a completion's `suffix`), when the server says so; never read from a name. */
  fim: boolean;
  /**
   * Whether the model thinks before it answers and what a request may do with that (`thinking-controls.ts`), when the
   * server shows it; never read from a name. Absent: not shown.
   */
  thinking?: ThinkingKind;
  /** How its weights are quantized ("Q4_K_M"), when the server says; never read from a name. */
  quantization: string | null;
  /** Its kind or its inputs were read from its name, the server saying nothing of them. */
  guessed: boolean;
  /**
   * The path from the server's root its intent is served at, when not the usual one under `/v1` (whisper-server
   * started without `--inference-path` answers at `/inference`). Absent: the usual path.
   */
  path?: string;
  /** A speech model's voices as its server lists them (speaches, Kokoro-FastAPI), each passing the name rule. */
  voices?: string[];
}

/**
 * Facts as a server reports them before names are made public and numbers judged; null = the server did not say. The
 * numbers are as the server wrote them (any JSON number but 0, which some servers write for "none"), judged in
 * `judgeFacts`: a model whose numbers are out of range is left out.
 */
export interface ReportedFacts {
  id: string;
  kind?: ModelKind | null;
  vision?: boolean | null;
  audio?: boolean | null;
  tools?: boolean | null;
  fim?: boolean | null;
  thinking?: ThinkingKind | null;
  contextLength?: number | null;
  parameterCount?: number | null;
  quantization?: string | null;
  path?: string;
  voices?: readonly unknown[];
}

/** The voices kept of a speech model: an advertised string set holds at most 64. */
const MAX_VOICES = 64;

/** Embedding models usually say so in their names; the fallback when the server does not. */
export function kindFromName(model: string): ModelKind {
  if (/whisper|parakeet|(^|[-_/])canary/i.test(model)) return 'transcribe';
  if (/(^|[-_/])tts|kokoro|piper|xtts/i.test(model)) return 'speech';
  return /embed|bge-|(^|[-_/])e5-|minilm|gte-|nomic-bert/i.test(model) ? 'embedding' : 'chat';
}

/** Input modalities guessed from the model name (the fallback when the server does not say). */
export function modalitiesFromName(model: string): Modality[] {
  const name = model.toLowerCase();
  const modalities: Modality[] = ['text'];
  const image = /(^|[-_.:/\d])vl([-_.:/\d]|$)|vision|llava|omni|pixtral|moondream|minicpm-v/.test(name);
  if (image) modalities.push('image');
  if (/audio|voxtral|omni|whisper/.test(name)) modalities.push('audio');
  return modalities;
}

/** The intent a kind of model serves first (chat models may also serve completion). */
export function intentOfKind(kind: ModelKind, chatIntent: string): string {
  return kind === 'chat' ? chatIntent : KIND_INTENTS[kind];
}

const KIND_INTENTS: Readonly<Record<Exclude<ModelKind, 'chat'>, string>> = {
  embedding: INTENT_EMBEDDING,
  transcribe: INTENT_TRANSCRIBE,
  speech: INTENT_SPEECH,
  moderate: INTENT_MODERATE,
};

/** A server's models judged: those the node may offer, and those it leaves out with why. */
export interface JudgedFacts {
  facts: ModelFacts[];
  /** With public names as the server's words (raw: cleaned where they are shown). */
  leftOut: LeftOutModel[];
}

/** Why a name that fails the model name rule is left out, as the LLM servers card says it. */
export function nameLeftOutWhy(fault: ModelNameFault): LeftOutModel['why'] {
  return `name_${fault}`;
}

/**
 * A count as the server reported it, judged: null when it said nothing, the count when it is a whole number from 1 to
 * `max`, 'out' otherwise (a fraction, a negative, 1e300, 2^60: a number no model has).
 */
export function judgedCount(v: number | null | undefined, max: number): number | null | 'out' {
  if (v === null || v === undefined) return null;
  return Number.isSafeInteger(v) && v >= 1 && v <= max ? v : 'out';
}

/**
 * Reported facts judged and made whole: public names, every name held to the model name rule
 * (`src-shared/text/model-name-rule.ts`) and every number to its range, the name heuristics for whatever the server
 * left out. A model whose name or numbers fail is left out whole, with why: a server that says something impossible of
 * a model is not believed about it.
 */
export function judgeFacts(reported: readonly ReportedFacts[]): JudgedFacts {
  const names = publicNames(reported.map((r) => r.id));
  const facts: ModelFacts[] = [];
  const leftOut: LeftOutModel[] = [];
  for (const r of reported) {
    const name = names.get(r.id) ?? r.id;
    const fault = modelNameFault(name);
    const context = judgedCount(r.contextLength, CONTEXT_TOKENS_MAX);
    const size = judgedCount(r.parameterCount, PARAMETER_COUNT_MAX);
    if (fault !== null) leftOut.push({ name, why: nameLeftOutWhy(fault) });
    else if (context === 'out') leftOut.push({ name, why: 'context' });
    else if (size === 'out') leftOut.push({ name, why: 'size' });
    else facts.push(made(r, name, context, size));
  }
  return { facts, leftOut };
}

/** Reported facts judged and made whole, without the models left out (`judgeFacts`). */
export function completeFacts(reported: readonly ReportedFacts[]): ModelFacts[] {
  return judgeFacts(reported).facts;
}

function made(r: ReportedFacts, name: string, contextLength: number | null, parameterCount: number | null): ModelFacts {
  const byName = modalitiesFromName(r.id);
  const kind = r.kind ?? kindFromName(r.id);
  // Read from the name: the kind, or an input the server did not speak of.
  const guessed =
    r.kind == null ||
    (kind === 'chat' &&
      ((r.vision == null && byName.includes('image')) || (r.audio == null && byName.includes('audio'))));
  // A transcription model takes audio and nothing else; speech and moderation models take text.
  const modalities: Modality[] = kind === 'transcribe' ? ['audio'] : ['text'];
  if (kind === 'chat' && (r.vision ?? byName.includes('image'))) modalities.push('image');
  if (kind === 'chat' && (r.audio ?? byName.includes('audio'))) modalities.push('audio');
  return {
    id: r.id,
    name,
    kind,
    modalities,
    contextLength,
    parameterCount,
    tools: kind === 'chat' && r.tools === true,
    fim: kind === 'chat' && r.fim === true,
    ...(kind === 'chat' && r.thinking ? { thinking: r.thinking } : {}),
    quantization: quantizationName(r.quantization),
    guessed,
    ...(r.path ? { path: r.path } : {}),
    ...(kind === 'speech' && r.voices ? { voices: soundModelNames(r.voices).slice(0, MAX_VOICES) } : {}),
  };
}

/**
 * A quantization as a server names it ("Q4_K_M", "F16", "4bit"), or null: the directory keeps at most 32 characters
 * and shows them to consumers, so anything but letters, digits and `_ . + -` is not passed on.
 */
export function quantizationName(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,31}$/.test(v) ? v : null;
}

/**
 * A count a server reported, as it wrote it: null when it is no number or 0 (LM Studio writes 0 for a model without a
 * context), judged later (`judgeFacts`).
 */
export function reportedNumber(v: unknown): number | null {
  return typeof v === 'number' && v !== 0 ? v : null;
}

// ---- what each server reports -------------------------------------------------------------------------------------

/**
 * Ollama `POST /api/show`: `capabilities` (`completion`, `embedding`, `vision`, `tools`, `insert`, `audio`,
 * `thinking`), the
 * context length in `model_info["<arch>.context_length"]`, the size in `model_info["general.parameter_count"]` or
 * `details.parameter_size` ("7.6B").
 */
export function ollamaShowFacts(id: string, show: unknown): ReportedFacts {
  if (!isPlainObject(show)) return { id };
  const caps = Array.isArray(show.capabilities)
    ? show.capabilities.filter((c): c is string => typeof c === 'string')
    : null;
  const info = isPlainObject(show.model_info) ? show.model_info : {};
  const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : null;
  const ctx = arch ? info[`${arch}.context_length`] : undefined;
  const details = isPlainObject(show.details) ? show.details : {};
  let kind: ModelKind | null = null;
  if (caps)
    kind =
      caps.includes('embedding') && !caps.includes('completion')
        ? 'embedding'
        : caps.includes('completion')
          ? 'chat'
          : null;
  return {
    id,
    kind,
    vision: caps ? caps.includes('vision') : null,
    audio: caps ? caps.includes('audio') : null,
    tools: caps ? caps.includes('tools') : null,
    // Ollama names fill-in-the-middle "insert": the model's template takes a suffix.
    fim: caps ? caps.includes('insert') : null,
    thinking: ollamaThinking(caps, arch),
    contextLength: reportedNumber(ctx),
    parameterCount: reportedNumber(info['general.parameter_count']) ?? parameterSize(details.parameter_size),
    quantization: quantizationName(details.quantization_level),
  };
}

/** "7.6B", "494.03M", "137M" → a count. */
export function parameterSize(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMBT])\s*$/i.exec(v);
  if (!m) return null;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]!.toUpperCase() as 'K' | 'M' | 'B' | 'T'];
  return Math.round(Number(m[1]) * scale);
}

/**
 * The entries of a model list's `data` that name a model (an object with a non-empty string `id`); null without a list.
 */
function listedModels(body: unknown): (Record<string, unknown> & { id: string })[] | null {
  const list = isPlainObject(body) ? body.data : undefined;
  if (!Array.isArray(list)) return null;
  return list.filter(
    (m): m is Record<string, unknown> & { id: string } =>
      isPlainObject(m) && typeof m.id === 'string' && m.id.trim() !== '',
  );
}

/** LM Studio `GET /api/v0/models`: `type` (`llm`, `vlm`, `embeddings`) and `max_context_length` per model. */
export function lmStudioV0Facts(body: unknown): ReportedFacts[] | null {
  const listed = listedModels(body);
  if (!listed) return null;
  return listed.map((m) => {
    const type = typeof m.type === 'string' ? m.type : null;
    return {
      id: m.id,
      kind: type === 'embeddings' ? 'embedding' : type === 'llm' || type === 'vlm' ? 'chat' : null,
      vision: type === 'vlm' ? true : type === 'llm' ? false : null,
      contextLength: reportedNumber(m.max_context_length),
      quantization: quantizationName(m.quantization),
    };
  });
}

/** `/v1/models` ids with what vLLM (`max_model_len`) and llama.cpp (`meta.n_ctx_train`, `meta.n_params`) add. */
export function openAiModelFacts(body: unknown): ReportedFacts[] | null {
  const listed = listedModels(body);
  if (!listed) return null;
  const out: ReportedFacts[] = [];
  const seen = new Set<string>();
  for (const m of listed) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const meta = isPlainObject(m.meta) ? m.meta : {};
    out.push({
      id: m.id,
      contextLength: reportedNumber(m.max_model_len) ?? reportedNumber(meta.n_ctx_train),
      parameterCount: reportedNumber(meta.n_params),
    });
  }
  return out;
}

/** Ollama `GET /api/tags`: the names its users type, in its order. */
export function ollamaTagNames(body: unknown): string[] | null {
  const list = isPlainObject(body) ? body.models : undefined;
  if (!Array.isArray(list)) return null;
  const out: string[] = [];
  for (const m of list) {
    const name = isPlainObject(m) ? m.name : undefined;
    if (typeof name === 'string' && name.trim() && !out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * llama.cpp `GET /props`: the context one slot has (`default_generation_settings.n_ctx`), the build, and how the
 * loaded chat template thinks (`llamaCppThinking`). A server
 * running an embedding model answers it with 500 (its vocabulary has no end-of-sequence token), which is the one
 * signal such a server gives before a task fails on it.
 */
export function llamaCppProps(body: unknown): {
  contextLength: number | null;
  build: string | null;
  tools: boolean | null;
  vision: boolean | null;
  audio: boolean | null;
  thinking: ThinkingKind | null;
} {
  if (!isPlainObject(body))
    return { contextLength: null, build: null, tools: null, vision: null, audio: null, thinking: null };
  const settings = isPlainObject(body.default_generation_settings) ? body.default_generation_settings : {};
  const build = typeof body.build_info === 'string' && body.build_info.length <= 64 ? body.build_info : null;
  // Newer builds say what the loaded chat template takes (tools only when it both takes and emits tool calls) and
  // which inputs the loaded projector reads; older builds say neither, and nothing is then claimed.
  const caps = isPlainObject(body.chat_template_caps) ? body.chat_template_caps : null;
  const tools = caps ? caps.supports_tools === true && caps.supports_tool_calls === true : null;
  const modalities = isPlainObject(body.modalities) ? body.modalities : null;
  const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
  return {
    contextLength: reportedNumber(settings.n_ctx),
    build,
    tools,
    vision: flag(modalities?.vision),
    audio: flag(modalities?.audio),
    thinking: llamaCppThinking(body),
  };
}

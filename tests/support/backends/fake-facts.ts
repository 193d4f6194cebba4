/**
 * Model facts of the fake backends, and how each server reports them: Ollama `POST /api/show` and `/api/tags`,
 * LM Studio `GET /api/v0/models` and `/api/v1/models`, vLLM's and llama.cpp's `/v1/models`, llama.cpp's `/props`.
 * A test states facts with `modelFacts`; what it leaves out comes from the defaults below (the name says
 * "embed" → an embedding model, except on llama.cpp where `embeddings` decides; the usual vision names → vision;
 * 32768 tokens of trained context).
 */
import type { FakeModelFacts, Flavour, State } from './fake-types';
import { FAKE_CREATED_ISO } from './fake-constants';
import type { Json } from './fake-util';

export const DEFAULT_TRAINED_CONTEXT = 32768;
/** llama-server's `-c` default in b4748 (common.h `n_ctx = 4096`). */
export const LLAMACPP_DEFAULT_CTX = 4096;
/** Ollama's default `num_ctx` (0.12). */
export const OLLAMA_DEFAULT_NUM_CTX = 4096;
/** The fake's default sizes where a server reports one (unchanged from earlier fakes, so pricing stays put). */
const DEFAULT_PARAMS: Record<Flavour, number> = {
  ollama: 3_212_749_888,
  llamacpp: 7_615_616_512,
  lmstudio: 7_615_616_512,
  vllm: 7_615_616_512,
};

export interface Facts {
  kind: 'chat' | 'embedding';
  vision: boolean;
  tools: boolean;
  fim: boolean;
  /** Trained context (llama.cpp n_ctx_train, Ollama <arch>.context_length). */
  contextLength: number;
  parameterCount: number;
  /** A reasoning model, and how it thinks (fake-thinking.ts); null: it does not. */
  thinks: 'switchable' | 'levels' | 'always' | null;
}

const VISION_NAME = /(^|[-_.:/\d])vl([-_.:/\d]|$)|vision|llava|pixtral|moondream|minicpm-v/i;

export function factsOf(state: State, flavour: Flavour, model: string): Facts {
  const f: FakeModelFacts = state.modelFacts[model] ?? {};
  // llama-server's kind is its start flag's (--embeddings), never its file name's; the others' default is the name's.
  const byDefault =
    flavour === 'llamacpp' ? (state.embeddings ? 'embedding' : 'chat') : /embed/i.test(model) ? 'embedding' : 'chat';
  const kind = f.kind ?? byDefault;
  return {
    kind,
    vision: kind === 'chat' && (f.vision ?? VISION_NAME.test(model)),
    tools: kind === 'chat' && (f.tools ?? false),
    fim: kind === 'chat' && (f.fim ?? false),
    contextLength: f.contextLength ?? DEFAULT_TRAINED_CONTEXT,
    parameterCount: f.parameterCount ?? DEFAULT_PARAMS[flavour],
    thinks: kind === 'chat' ? (f.thinks ?? null) : null,
  };
}

/**
 * The context a request to `model` is served with, in tokens (prompt + generated must fit):
 * llama.cpp `-c` (`contextLength`, default 4096; one slot); vLLM `max_model_len` (`contextLength`, else the
 * model's own); LM Studio the loaded context (`contextLength`, else the model's max); Ollama `num_ctx`
 * (`contextLength`, default 4096).
 */
export function servedContext(state: State, flavour: Flavour, model: string): number {
  const explicit = state.modelFacts[model]?.contextLength;
  switch (flavour) {
    case 'llamacpp':
      return state.contextLength ?? LLAMACPP_DEFAULT_CTX;
    case 'ollama':
      return state.contextLength ?? OLLAMA_DEFAULT_NUM_CTX;
    default:
      return state.contextLength ?? explicit ?? DEFAULT_TRAINED_CONTEXT;
  }
}

/** The context a server reports for `model` in its discovery routes (see servedContext for llama.cpp's n_ctx). */
export function reportedContext(state: State, flavour: Flavour, model: string): number {
  const explicit = state.modelFacts[model]?.contextLength;
  if (flavour === 'ollama') return explicit ?? state.contextLength ?? DEFAULT_TRAINED_CONTEXT;
  if (flavour === 'llamacpp') return explicit ?? DEFAULT_TRAINED_CONTEXT;
  return servedContext(state, flavour, model);
}

/** Ollama's format.HumanNumber: 7615616512 → "7.6B", 494032768 → "494.03M", 137000000 → "137M". */
export function humanNumber(n: number): string {
  const fmt = (v: number, digits: number, unit: string) =>
    Number.isInteger(v) ? `${v}${unit}` : `${v.toFixed(digits)}${unit}`;
  if (n >= 1e9) return fmt(n / 1e9, 1, 'B');
  if (n >= 1e6) return fmt(n / 1e6, 2, 'M');
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

/** Ollama's family/architecture for a model name ("qwen2.5:7b" → "qwen", "llama3.2:3b" → "llama"). */
export function familyOf(name: string): string {
  return name.split(/[:.\d]/)[0] || 'llama';
}

// ---- Ollama
// ----------------------------------------------------------------------------------------------------------

export function ollamaDetails(state: State, name: string): Json {
  const family = familyOf(name);
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: [family],
    parameter_size: humanNumber(factsOf(state, 'ollama', name).parameterCount),
    quantization_level: state.modelFacts[name]?.quantization ?? 'Q4_K_M',
  };
}

/** `capabilities` as Ollama 0.12 lists them: completion, tools, insert, vision (or embedding alone). */
export function ollamaCapabilities(facts: Facts): string[] {
  if (facts.kind === 'embedding') return ['embedding'];
  return [
    'completion',
    ...(facts.tools ? ['tools'] : []),
    ...(facts.fim ? ['insert'] : []),
    ...(facts.vision ? ['vision'] : []),
    ...(facts.thinks ? ['thinking'] : []),
  ];
}

/** `POST /api/show` for an installed model. */
export function ollamaShow(state: State, name: string): Json {
  const facts = factsOf(state, 'ollama', name);
  // gpt-oss is the one architecture whose thinking takes levels (its harmony format).
  const arch = facts.thinks === 'levels' ? 'gptoss' : familyOf(name);
  return {
    modelfile: `# Modelfile generated by "ollama show"\nFROM ${name}\n`,
    parameters: '',
    template: '{{ .Prompt }}',
    details: ollamaDetails(state, name),
    model_info: {
      'general.architecture': arch,
      'general.file_type': 15,
      'general.parameter_count': facts.parameterCount,
      'general.quantization_version': 2,
      [`${arch}.context_length`]: reportedContext(state, 'ollama', name),
      [`${arch}.embedding_length`]: facts.kind === 'embedding' ? 768 : 3584,
    },
    capabilities: ollamaCapabilities(facts),
    modified_at: FAKE_CREATED_ISO,
  };
}

// ---- LM Studio
// --------------------------------------------------------------------------------------------------------

export function lmStudioType(facts: Facts): 'llm' | 'vlm' | 'embeddings' {
  return facts.kind === 'embedding' ? 'embeddings' : facts.vision ? 'vlm' : 'llm';
}

/** `GET /api/v0/models` (LM Studio 0.3's REST API). */
export function lmStudioV0Models(state: State): Json {
  return {
    object: 'list',
    data: state.models.map((id) => {
      const facts = factsOf(state, 'lmstudio', id);
      return {
        id,
        object: 'model',
        type: lmStudioType(facts),
        publisher: 'lmstudio-community',
        arch: facts.kind === 'embedding' ? 'nomic-bert' : familyOf(id.split('/').pop() ?? id),
        compatibility_type: 'gguf',
        quantization: state.modelFacts[id]?.quantization ?? (facts.kind === 'embedding' ? 'Q4_0' : 'Q4_K_M'),
        state: state.loaded.includes(id) ? 'loaded' : 'not-loaded',
        max_context_length: reportedContext(state, 'lmstudio', id),
      };
    }),
  };
}

// ---- llama.cpp
// --------------------------------------------------------------------------------------------------------

/** `/v1/models` `meta` as b4748's `model_meta()` has it. */
export function llamaCppMeta(state: State, model: string): Json {
  const facts = factsOf(state, 'llamacpp', model);
  const bert = facts.kind === 'embedding';
  return {
    vocab_type: bert ? 3 : 2,
    n_vocab: bert ? 30522 : 152064,
    n_ctx_train: reportedContext(state, 'llamacpp', model),
    n_embd: bert ? 384 : 3584,
    n_params: facts.parameterCount,
    size: Math.round(facts.parameterCount * 0.6),
  };
}

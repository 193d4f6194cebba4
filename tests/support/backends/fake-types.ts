/** Types of the fake backends (documented in fake-backend.ts, which re-exports them). */

export type Flavour = 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp';

/** What a test says of one model; anything left out comes from the fake's defaults (see fake-facts.ts). */
export interface FakeModelFacts {
  /** `embedding`: the model only embeds (Ollama/LM Studio/vLLM refuse chat with their own error). */
  kind?: 'chat' | 'embedding';
  vision?: boolean;
  tools?: boolean;
  /** Fills in the middle (Ollama's `insert` capability: its template takes a suffix). */
  fim?: boolean;
  /** The context the model was trained for (llama.cpp `n_ctx_train`, Ollama `<arch>.context_length`, …). */
  contextLength?: number;
  parameterCount?: number;
  /** How Ollama and LM Studio name its quantization (default Q4_K_M; Q4_0 for LM Studio's embedding models). */
  quantization?: string;
  /**
   * A reasoning model (fake-thinking.ts): `switchable` (Qwen3: on by default, off per request), `levels` (gpt-oss: an
   * effort, never off) or `always` (DeepSeek-R1's distills). Ollama lists `thinking` among its capabilities (gpt-oss
   * as architecture `gptoss`); llama.cpp's `/props` shows that model's chat template. Its answers think (`thinking`,
   * or a default thought) unless turned off the way the server takes it.
   */
  thinks?: 'switchable' | 'levels' | 'always';
}

export interface FakeBackendOptions {
  flavour: Flavour;
  models?: string[];
  loaded?: string[];
  latencyMs?: number;
  /**
   * Every route (listing, describing, inference) answers this long after the request arrived; lowering it releases
   * waiting requests.
   */
  answerDelayMs?: number;
  msPerOutputToken?: number;
  apiKey?: string;
  hang?: boolean;
  /** Inference requests (those it returns true for) are held open until this is set back to false. */
  holdInference?: boolean | ((call: FakeCall) => boolean);
  failStatus?: number | null;
  usage?: boolean;
  lmstudioStates?: Record<string, string>;
  port?: number;
  /** Tokens a model generates before it stops on its own (default: the echo's length). */
  naturalTokens?: number | null;
  /** The served context: llama.cpp `-c`, vLLM `--max-model-len`, Ollama `num_ctx`, LM Studio's loaded context. */
  contextLength?: number | null;
  /** llama.cpp: context shift (b4748 default true; `--no-context-shift` = false). */
  contextShift?: boolean;
  /** llama.cpp `--alias`: the id `/v1/models` shows instead of the `-m` path (`models[0]`). */
  alias?: string | null;
  /** llama.cpp `--embeddings`: an embeddings-only server. */
  embeddings?: boolean;
  /** llama.cpp: the model is still loading (every route answers 503). */
  loading?: boolean;
  /** llama.cpp `/props` `build_info` and the answers' `system_fingerprint`. */
  buildInfo?: string;
  /**
   * Ollama `POST /api/pull`: streamed as Ollama 0.12 streams it (`pulling manifest`, one layer's progress in
   * `pull.steps` lines `pull.stepMs` apart, `verifying sha256 digest`, `writing manifest`, `success`); `fail` ends it
   * with that `{"error"}` line after the manifest instead; `refuse` answers that status with `{"error"}` at once.
   * `layers`: the sizes of the layers pulled one after the other (default one of 4_683_073_184 bytes), each with its
   * own digest and `pull.steps` lines. `setback` (hostile): halfway through each layer one line says less than the
   * line before, fewer bytes done of a smaller total.
   */
  pull?: { steps?: number; stepMs?: number; fail?: string; refuse?: number; layers?: number[]; setback?: boolean };
  modelFacts?: Record<string, FakeModelFacts>;
  /**
   * Ollama (hostile or broken): per model, the `license` its `/api/show` answer carries is this many bytes long, so
   * the answer is at least that large (a license of megabytes); the other models answer as usual.
   */
  showBytes?: Record<string, number>;
  /** Connections served at once (cpp-httplib's worker threads); the rest wait unread. */
  httpWorkers?: number;
  /** A connection with no request for this long is closed (and its worker freed). */
  keepAliveIdleMs?: number;
  /** Nagle left on and the header and body written separately, as cpp-httplib does. */
  nagle?: boolean;
  /**
   * A reasoning model: every chat answer thinks this before its text, in the field `thinkingField` names (by default
   * the flavour's: `reasoning_content` for llama.cpp (`--reasoning-format deepseek`) and LM Studio, `reasoning` for
   * vLLM ≥ 0.10 and Ollama's OpenAI API); streamed as its own deltas, with `content: null`, before the text's. Its
   * words are counted among the completion tokens of the usage, as the servers count them.
   */
  thinking?: string | null;
  thinkingField?: 'reasoning_content' | 'reasoning';
}

export interface FakeCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Inference only: the tokens the backend generated for this call (all choices), once it answered. */
  generatedTokens?: number;
  /** Inference only: why generation ended (`stop` = the model's natural end, `length` = a limit or the context). */
  finishReason?: 'stop' | 'length';
  /** Inference only: the prompt tokens the backend processed (after any truncation). */
  promptTokens?: number;
}

export interface FakeBackend {
  /** `http://127.0.0.1:<port>`, without `/v1`, like a URL a person would configure. */
  url: string;
  port: number;
  flavour: Flavour;
  calls: FakeCall[];
  inFlight: number;
  maxInFlight: number;
  /** TCP connections accepted and not yet closed (served or waiting). */
  openConnections: number;
  maxOpenConnections: number;
  /** Connections accepted by the kernel but not yet given a worker (their requests are not read). */
  waitingConnections: number;
  /** The models it lists now (a pull adds one). */
  readonly models: readonly string[];
  /** Ollama pulls whose client went away before the end. */
  readonly pullsCancelled: number;
  setModels(models: string[]): void;
  setLoaded(models: string[]): void;
  set(opts: Partial<FakeBackendOptions>): void;
  close(): Promise<void>;
}

/** Everything the routes read; `set` changes it live. */
export interface State {
  models: string[];
  loaded: string[];
  latencyMs: number;
  answerDelayMs: number;
  msPerOutputToken: number;
  apiKey: string | undefined;
  hang: boolean;
  holdInference: boolean | ((call: FakeCall) => boolean);
  failStatus: number | null;
  usage: boolean;
  lmstudioStates: Record<string, string>;
  naturalTokens: number | null;
  contextLength: number | null;
  contextShift: boolean;
  alias: string | null;
  embeddings: boolean;
  loading: boolean;
  buildInfo: string;
  pull: {
    steps: number;
    stepMs: number;
    fail: string | null;
    refuse: number | null;
    layers: number[];
    setback: boolean;
  };
  /** Pulls cut off by their client before the end. */
  pullsCancelled: number;
  modelFacts: Record<string, FakeModelFacts>;
  showBytes: Record<string, number>;
  httpWorkers: number;
  keepAliveIdleMs: number;
  nagle: boolean;
  thinking: string | null;
  thinkingField: 'reasoning_content' | 'reasoning';
}

export const INTENT_CHAT = 'urn:iicp:intent:llm:chat:v1';
export const INTENT_COMPLETION = 'urn:iicp:intent:llm:completion:v1';
export const INTENT_EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';

export type LlmIntent = typeof INTENT_CHAT | typeof INTENT_COMPLETION | typeof INTENT_EMBEDDING;

/** Every intent an LLM server serves: what the gateway asks the network for, and what the fleet looks up. */
export const LLM_INTENTS = [INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING] as const;

/** The intents whose answers come as words one after another, so they can stream; an embedding is one answer. */
export const STREAMED_INTENTS: ReadonlySet<string> = new Set([INTENT_CHAT, INTENT_COMPLETION]);

/**
 * The only backend paths a task can ever reach, relative to the `/v1` API base. The task port faces the
 * internet, so the consumer picks one of these by intent and nothing the consumer sends becomes part of a URL.
 */
export const INTENT_PATHS: Readonly<Record<LlmIntent, string>> = Object.freeze({
  [INTENT_CHAT]: '/chat/completions',
  [INTENT_COMPLETION]: '/completions',
  [INTENT_EMBEDDING]: '/embeddings',
});

export function isLlmIntent(value: unknown): value is LlmIntent {
  // Own-property check: `constructor`, `__proto__` or `toString` must not count as intents.
  return typeof value === 'string' && Object.hasOwn(INTENT_PATHS, value);
}

/** The constant path for an intent, or null when the node does not serve it. */
export function pathForIntent(intent: unknown): string | null {
  return isLlmIntent(intent) ? INTENT_PATHS[intent] : null;
}

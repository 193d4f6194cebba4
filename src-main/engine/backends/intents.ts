export const INTENT_CHAT = 'urn:iicp:intent:llm:chat:v1';
export const INTENT_COMPLETION = 'urn:iicp:intent:llm:completion:v1';
export const INTENT_EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';
/** Speech to text: audio in (base64 in the payload, a multipart upload to the server), text out. */
export const INTENT_TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
/** Text to speech: text in, audio out (base64 in `result.audio`). */
export const INTENT_SPEECH = 'urn:iicp:intent:audio:speech:v1';
/** Moderation: text in, a verdict per input out; the model is optional. */
export const INTENT_MODERATE = 'urn:iicp:intent:safety:moderate:v1';

export type LlmIntent = typeof INTENT_CHAT | typeof INTENT_COMPLETION | typeof INTENT_EMBEDDING;
export type SpeechIntent = typeof INTENT_TRANSCRIBE | typeof INTENT_SPEECH | typeof INTENT_MODERATE;

/** Every intent an LLM server serves: what the gateway asks the network for, and what the fleet looks up. */
export const LLM_INTENTS = [INTENT_CHAT, INTENT_COMPLETION, INTENT_EMBEDDING] as const;

/** The registry's audio and safety intents: what a speech or moderation server serves. */
export const SPEECH_INTENTS = [INTENT_TRANSCRIBE, INTENT_SPEECH, INTENT_MODERATE] as const;

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

/** The speech intents' paths, on the same rule: the intent picks one, nothing the consumer sends is part of it. */
export const SPEECH_INTENT_PATHS: Readonly<Record<SpeechIntent, string>> = Object.freeze({
  [INTENT_TRANSCRIBE]: '/audio/transcriptions',
  [INTENT_SPEECH]: '/audio/speech',
  [INTENT_MODERATE]: '/moderations',
});

export function isLlmIntent(value: unknown): value is LlmIntent {
  // Own-property check: `constructor`, `__proto__` or `toString` must not count as intents.
  return typeof value === 'string' && Object.hasOwn(INTENT_PATHS, value);
}

export function isSpeechIntent(value: unknown): value is SpeechIntent {
  return typeof value === 'string' && Object.hasOwn(SPEECH_INTENT_PATHS, value);
}

/** The constant path for an intent, or null when the node does not serve it. */
export function pathForIntent(intent: unknown): string | null {
  return isLlmIntent(intent) ? INTENT_PATHS[intent] : null;
}

import type { AskNeeds } from '../api-shapes';

/** What one request asks of the network, whatever API the app spoke. */
export interface NetworkAsk {
  intent: string;
  model: string;
  /** The payload as JSON text, without `max_tokens` (each try sets its own). */
  payloadJson: string;
  maxTokens: number | null;
  /**
   * Whether the payload carries the try's answer bound as `max_tokens` (the text intents); the speech intents have no
   * such field, so theirs plans the budget only. Default true.
   */
  boundInPayload?: boolean;
  /**
   * The text a task's tokens are reckoned on, when not the whole payload (a transcription's audio is no text: the node
   * counts the transcript's tokens); none: the payload.
   */
  countedJson?: string;
  /** The whole request's time, all tries together. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** What the answering model must be able to do (ask-needs.ts): only nodes whose adverts say so are asked. */
  needs?: AskNeeds;
}

import type { StreamSink } from '../listener';

/**
 * How a request's answer reaches the app, decided once (as Ollama's ChatWriter decides how an answer is written) and
 * passed down: whole, written once the answer is there, or streamed, each piece written to the app's response as it
 * comes. Routes and calls read this value; none decides it again.
 */
export type Delivery = { kind: 'whole' } | { kind: 'stream'; sink: StreamSink };

export const WHOLE: Delivery = Object.freeze({ kind: 'whole' });

/**
 * The delivery of an app's request: streamed when the app asked for a stream and the listener gave a sink for it,
 * and only one answer streams: several choices (`n` > 1) and embeddings are delivered whole.
 */
export function deliveryOf(ask: { stream: boolean; endpoint: string; choices?: number }, sink?: StreamSink): Delivery {
  const one = ask.stream && ask.endpoint !== 'embedding' && (ask.choices ?? 1) === 1;
  return one && sink ? { kind: 'stream', sink } : WHOLE;
}

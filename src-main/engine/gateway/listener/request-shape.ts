import {
  askFromAnthropic,
  askFromOllama,
  askFromOpenAI,
  askFromResponses,
  type GatewayAsk,
  type GatewayRoute,
  type ShapeRefusal,
  type ShapeResult,
} from '../api-shapes';

/**
 * An app's request as the rest of the gateway carries it: the payload already serialised (without `max_tokens`,
 * which each try sets for itself), so no later step parses or serialises the app's text again — the one expensive
 * step for a large request, which runs off the event loop (gateway-codec.ts).
 */
export interface WireAsk extends Omit<GatewayAsk, 'payload'> {
  /** The IICP payload as JSON text, without `max_tokens`. */
  payloadJson: string;
}

export type WireShape = { ok: true; ask: WireAsk } | ShapeRefusal;

const PARSERS: Readonly<Record<GatewayRoute, (body: unknown) => ShapeResult>> = Object.freeze({
  'openai.chat': (b) => askFromOpenAI('chat', b),
  'openai.completion': (b) => askFromOpenAI('completion', b),
  'openai.embedding': (b) => askFromOpenAI('embedding', b),
  'openai.responses': (b) => askFromResponses(b),
  'ollama.chat': (b) => askFromOllama('chat', b),
  'ollama.generate': (b) => askFromOllama('generate', b),
  'ollama.embed': (b) => askFromOllama('embed', b),
  'ollama.embeddings': (b) => askFromOllama('embeddings', b),
  'anthropic.messages': (b) => askFromAnthropic(b),
});

/** Reads an app's request body for `route`: JSON, then the API's shape, then the payload as it will be sent. */
export function shapeRequest(route: GatewayRoute, body: Uint8Array): WireShape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return { ok: false, status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  const shaped = PARSERS[route](parsed);
  if (!shaped.ok) return shaped;
  const { payload, ...rest } = shaped.ask;
  const { max_tokens: _maxTokens, ...sent } = payload;
  return { ok: true, ask: { ...rest, payloadJson: JSON.stringify(sent) } };
}

/** The payload's JSON with this try's `max_tokens` (null: none), written once, never twice. */
export function payloadWith(payloadJson: string, maxTokens: number | null): string {
  if (maxTokens === null) return payloadJson;
  const field = `"max_tokens":${maxTokens}`;
  return payloadJson === '{}' ? `{${field}}` : `${payloadJson.slice(0, -1)},${field}}`;
}

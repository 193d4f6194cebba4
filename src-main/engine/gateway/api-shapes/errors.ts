/**
 * Errors in each API's own shape, so an app's SDK reads the gateway's refusals as it reads its provider's:
 * OpenAI `{"error":{"message","type","param","code"}}`, Ollama `{"error":"…"}`, Anthropic
 * `{"type":"error","error":{"type","message"}}`. The code is the gateway's stable code (`invalid_api_key`,
 * `insufficient_quota`, …); the type is the API's own word for the status.
 */
import type { GatewayApi, ShapeRefusal } from './types';

/** OpenAI's error type for a status; a spent budget is OpenAI's own `insufficient_quota`. */
function openAIType(status: number, code: string): string {
  if (code === 'insufficient_quota') return 'insufficient_quota';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

const ANTHROPIC_TYPES: Readonly<Record<number, string>> = {
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Anthropic's error type for a status; a spent budget reads as its `billing_error` whatever the status. */
function anthropicType(status: number, code: string): string {
  if (code === 'insufficient_quota') return 'billing_error';
  return ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * The field an `unsupported_field` refusal is about, read from its message when the caller did not pass it: every
 * such message starts with the field's name and a colon ("logprobs: the network's nodes …").
 */
function paramOf(code: string, message: string): string | null {
  if (code !== 'unsupported_field') return null;
  const named = /^(?:Unrecognized request argument supplied: (.+)|([A-Za-z_][\w.[\]]{0,127}): )/.exec(message);
  return named?.[1] ?? named?.[2] ?? null;
}

/** The JSON body of an error answer in the app's API; `param` (OpenAI's) names the request field it is about. */
export function errorBody(
  api: GatewayApi,
  status: number,
  code: string,
  message: string,
  param?: string,
): Record<string, unknown> {
  switch (api) {
    case 'openai':
      return { error: { message, type: openAIType(status, code), param: param ?? paramOf(code, message), code } };
    case 'ollama':
      return { error: message };
    case 'anthropic':
      return { type: 'error', error: { type: anthropicType(status, code), message } };
  }
}

/** A shape function's refusal as the app's error body. */
export function refusalBody(api: GatewayApi, refusal: ShapeRefusal): Record<string, unknown> {
  return errorBody(api, refusal.status, refusal.code, refusal.message, refusal.param);
}

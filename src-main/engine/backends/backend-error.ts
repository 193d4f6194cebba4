/** Why a call to the LLM server gave no answer, in one word (the task port maps each to its own refusal). */
export type BackendErrorKind =
  | 'unsupported_intent'
  | 'invalid_payload'
  /** The payload is over one of the node's caps (a speech task's audio, text or items). */
  | 'too_large'
  | 'no_model'
  | 'model_not_advertised'
  | 'upstream_status'
  | 'timeout'
  | 'transport'
  | 'bad_response'
  | 'aborted';

/** `message` is safe to show a remote consumer: no backend URL, no API key, no stack. */
export interface BackendError {
  kind: BackendErrorKind;
  status?: number;
  message: string;
  /** The backend refused the request itself (too long for the context, a bad parameter): the consumer's to fix. */
  consumerFault?: boolean;
  /**
   * The server answered that it is loading a model (llama-server's 503 "Loading model"): the task may come back soon.
   */
  loading?: boolean;
  /** The socket error of a `transport` failure (ECONNREFUSED, ECONNRESET, …). */
  code?: string;
  /** The backend's own words, sanitised (no paths, addresses or keys). */
  detail?: string;
}

export function backendFail(kind: BackendErrorKind, message: string): { ok: false; error: BackendError } {
  return { ok: false, error: { kind, message } };
}

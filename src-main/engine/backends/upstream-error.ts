/**
 * A non-2xx answer of the LLM server as an error a consumer may read: the backend's words sanitised (no URL, no key),
 * whether the refusal is the consumer's to fix, and whether the server is still loading its model.
 */
import type { BackendError } from './backend-error';
import { sanitizeUpstreamMessage } from './sanitize';

/** The error for a non-2xx answer; `secrets` are redacted from the backend's words. */
export function upstreamError(status: number, body: Buffer, secrets: readonly (string | null)[]): BackendError {
  const detail = sanitizeUpstreamMessage(body, secrets);
  const message = detail ? `the backend answered HTTP ${status}: ${detail}` : `the backend answered HTTP ${status}`;
  const loading = isLoadingModel(status, detail);
  return {
    kind: 'upstream_status',
    status,
    message,
    consumerFault: isConsumerFault(status, detail),
    ...(loading ? { loading } : {}),
    ...(detail ? { detail } : {}),
  };
}

const INPUT_TOO_LARGE =
  /input is larger than the max context size|exceeds the available context size|too large to process/i;

/** llama-server's answer to every request while it loads a model: 503 "Loading model". */
export function isLoadingModel(status: number, detail: string): boolean {
  return status === 503 && /^loading model\b/i.test(detail);
}

/**
 * Whether a backend's refusal is about the request (a prompt over the context, a parameter out of range, audio it
 * cannot decode: a 4xx, or llama-server's words for an input over its context or batch, whatever the status) rather
 * than about the node (a model it advertised but cannot serve, a key, a kind of model the server does not run): only
 * the first is the consumer's to fix, and only the second counts against the node.
 */
export function isConsumerFault(status: number, detail: string): boolean {
  // llama-server says an input is over its context or batch with whatever status its build uses (500 for embeddings).
  if (INPUT_TOO_LARGE.test(detail)) return true;
  // 415 is about the request's own body: a speech server that cannot decode the uploaded audio (speaches: "Failed to
  // decode audio. The provided file type is not supported.").
  if (status === 415) return true;
  if (status !== 400 && status !== 413 && status !== 422) return false;
  return !/not supported|does not support|pooling type|not oai compatible|no model|model .*not found|not loaded|unauthori[sz]ed|api key/i.test(
    detail,
  );
}

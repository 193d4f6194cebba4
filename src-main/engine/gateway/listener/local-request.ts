/**
 * An app's request made into the request for this computer's LLM server: the payload read from its JSON and built as
 * the node builds a task's (the backends room's builder). Pure, so it runs on the gateway's codec thread for a large
 * body (gateway-codec.ts): reading and writing megabytes of JSON must not hold the event loop.
 */
import { buildBackendRequest, type BackendError, type BackendRequest, type BuildOptions } from '../../backends';

/**
 * The request for the server; or why there is none: the server's builder refused it, its JSON did not read, or the
 * codec thread was busy.
 */
export type LocalRequest =
  | { ok: true; request: BackendRequest }
  | { ok: false; error: BackendError | { kind: 'invalid_json' | 'busy'; message: string } };

export function buildLocalRequest(
  intent: string,
  json: Uint8Array | string,
  build: BuildOptions,
  stream: boolean,
): LocalRequest {
  let payload: unknown;
  try {
    payload = JSON.parse(
      typeof json === 'string' ? json : Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'),
    );
  } catch {
    return { ok: false, error: { kind: 'invalid_json', message: 'The request body is not valid JSON.' } };
  }
  const built = buildBackendRequest(intent, payload, build, { stream });
  return built.ok ? built : { ok: false, error: built.error };
}

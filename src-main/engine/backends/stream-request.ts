/**
 * How a streamed call reaches the LLM server: its own keep-alive pools, the request's headers (built by the client, a
 * URL's credentials as Basic auth), a connection used once where the server's policy says so, and which servers'
 * sockets are never kept.
 */
import { Agent as HttpAgent, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { urlToHttpOptions } from 'node:url';
import type { ConnectionPolicy } from '../net';

// Streams get their own keep-alive pools: a streamed answer holds its socket as long as it generates, and the
// buffered calls' pools are tuned for short answers.
const keepAliveHttp = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 16 });
const keepAliveHttps = new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 16 });
const onceHttps = new HttpsAgent({ keepAlive: false });

/** llama.cpp's server names itself so: its connections are used once (see `connectionPolicyFor`). */
export const isLlamaServer = (server: string | null): boolean =>
  server !== null && /llama\.cpp|llama-server/i.test(server);

/** The POST's options for a streamed call. */
export function streamRequestOptions(
  spec: { connection: ConnectionPolicy; headers: Readonly<Record<string, string>>; body: string | Buffer },
  u: ReturnType<typeof urlToHttpOptions>,
  https: boolean,
): RequestOptions {
  const fresh = spec.connection === 'fresh';
  const headers: Record<string, string> = {
    ...spec.headers,
    'content-length': String(Buffer.byteLength(spec.body)),
  };
  if (u.auth && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization'))
    headers.authorization = `Basic ${Buffer.from(u.auth).toString('base64')}`;
  if (fresh) headers.connection = 'close';
  const agent = fresh ? (https ? onceHttps : false) : https ? keepAliveHttps : keepAliveHttp;
  return { protocol: u.protocol, hostname: u.hostname, port: u.port, path: u.path, method: 'POST', headers, agent };
}

/**
 * Who holds a loopback port the gateway could not take: another IICP Provider (its gateway, or its node's task port),
 * or some other program; and the next port free after it. One GET on 127.0.0.1 only, bounded in time and bytes; the
 * answer is trusted for nothing beyond "it is an IICP Provider".
 */
import { request } from 'node:http';
import { createServer } from 'node:net';

/** Every answer of the gateway carries it, so another copy of the app can tell its port is held by one of ours. */
export const GATEWAY_SIGNATURE_HEADER = 'x-iicp-gateway';
export const GATEWAY_SIGNATURE = 'IICP Provider';

export type PortHolder = 'iicp_gateway' | 'iicp_node' | 'other';

const ASK_MS = 1000;
/** A node's `/iicp/health` is a few hundred bytes; anything longer is not ours. */
const MAX_BYTES = 8 * 1024;
/** How many ports after the taken one are tried for a free one. */
const NEXT_TRIES = 20;

/**
 * Asks what answers at `http://127.0.0.1:<port>/iicp/health`: our gateway answers any path with its signature header
 * (a 401 without a key), our node's task port answers with its health (`node_id`, `backend_stability`). Anything
 * else, no answer within a second, or more than 8 KiB, is another program.
 */
export function whoHoldsPort(port: number, timeoutMs = ASK_MS): Promise<PortHolder> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (holder: PortHolder) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(holder);
    };
    const timer = setTimeout(() => done('other'), timeoutMs);
    const req = request(
      { host: '127.0.0.1', port, path: '/iicp/health', method: 'GET', headers: { Host: `127.0.0.1:${port}` } },
      (res) => {
        if (res.headers[GATEWAY_SIGNATURE_HEADER] === GATEWAY_SIGNATURE) return done('iicp_gateway');
        if (res.statusCode !== 200) return done('other');
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) return done('other');
          chunks.push(chunk);
        });
        res.on('end', () => done(isNodeHealth(Buffer.concat(chunks).toString('utf8')) ? 'iicp_node' : 'other'));
        res.on('error', () => done('other'));
      },
    );
    req.on('error', () => done('other'));
    req.end();
  });
}

/** Our node's `/iicp/health`: an object with a string `node_id` and a `backend_stability` object. */
function isNodeHealth(text: string): boolean {
  try {
    const v = JSON.parse(text) as Record<string, unknown> | null;
    return (
      typeof v === 'object' &&
      v !== null &&
      typeof v.node_id === 'string' &&
      typeof v.backend_stability === 'object' &&
      v.backend_stability !== null
    );
  } catch {
    return false;
  }
}

/** The first port after `port` that 127.0.0.1 can listen on now (up to 20 tried), or null. */
export async function nextFreePort(port: number): Promise<number | null> {
  for (let p = port + 1; p <= Math.min(65535, port + NEXT_TRIES); p++) if (await canListen(p)) return p;
  return null;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

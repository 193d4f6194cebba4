import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * One tunnel as the person started it, e.g. `ngrok http 8080` → { publicUrl: 'https://….ngrok-free.app', addr:
 * 'http://localhost:8080' }.
 */
export interface NgrokTunnelSpec {
  name?: string;
  publicUrl: string;
  /** As the agent reports `config.addr` (ngrok v3: "http://localhost:8080"; v2 also printed "localhost:8080"). */
  addr: string;
}

export type NgrokAgentBehaviour = 'normal' | 'garbage' | 'hang' | 'server-error';

export interface NgrokAgentStandIn {
  /** Base of the agent API, as ngrok's web_addr: http://127.0.0.1:<port>. */
  apiUrl: string;
  setTunnels(tunnels: NgrokTunnelSpec[]): void;
  setBehaviour(b: NgrokAgentBehaviour): void;
  /** Requests received, as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

const ZERO_METRICS = { count: 0, gauge: 0, rate1: 0, rate5: 0, rate15: 0, p50: 0, p90: 0, p95: 0, p99: 0 };

/**
 * The ngrok agent's local API (https://ngrok.com/docs/agent/api/), serving `GET /api/tunnels` in the shape the agent
 * returns: `{ tunnels: [{ name, ID, uri, public_url, proto, config: { addr, inspect }, metrics }], uri }`.
 * `garbage` answers 200 with a body that is not JSON, `server-error` answers 502, `hang` never answers.
 */
export async function startNgrokAgent(initial: NgrokTunnelSpec[] = []): Promise<NgrokAgentStandIn> {
  let tunnels = initial;
  let behaviour: NgrokAgentBehaviour = 'normal';
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (behaviour === 'hang') return;
    if (behaviour === 'server-error') {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
      return;
    }
    if (req.method !== 'GET' || req.url !== '/api/tunnels') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error_code: 100, status_code: 404, msg: 'Not Found', details: {} }));
      return;
    }
    if (behaviour === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>ngrok inspector</body></html>');
      return;
    }
    const body = {
      tunnels: tunnels.map((t, i) => {
        const name = t.name ?? (i === 0 ? 'command_line' : `tunnel-${i}`);
        const proto = t.publicUrl.startsWith('https:') ? 'https' : t.publicUrl.split(':')[0];
        return {
          name,
          ID: randomBytes(16).toString('hex'),
          uri: `/api/tunnels/${name}`,
          public_url: t.publicUrl,
          proto,
          config: { addr: t.addr, inspect: true },
          metrics: { conns: ZERO_METRICS, http: { ...ZERO_METRICS, gauge: undefined } },
        };
      }),
      uri: '/api/tunnels',
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    setTunnels: (t) => {
      tunnels = t;
    },
    setBehaviour: (b) => {
      behaviour = b;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

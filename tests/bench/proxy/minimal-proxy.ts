/**
 * The floor for any JavaScript node: a keep-alive `node:http` server that reads the task, `JSON.parse`s it,
 * POSTs its `payload` to `{backend}/v1/chat/completions` over a keep-alive `http.Agent`, parses the answer
 * and wraps it as `{task_id, status:'success', result}`. Nothing else — no validation, no limits, no
 * metrics — so whatever the real node costs beyond this is the price of its pipeline.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MinimalProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `fresh`: a new connection per backend call, as the node makes them to a server that stalls on reused ones. */
export async function startMinimalProxy(opts: {
  backendUrl: string;
  port?: number;
  fresh?: boolean;
}): Promise<MinimalProxy> {
  const backend = new URL(opts.backendUrl);
  const agent = opts.fresh
    ? new Agent({ keepAlive: false })
    : new Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });

  const fail = (res: ServerResponse, status: number, message: string) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify({ error: { code: 'proxy_error', message } });
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const readAll = (stream: IncomingMessage, done: (body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  };

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    readAll(req, (raw) => {
      let task: { task_id?: unknown; payload?: unknown };
      try {
        task = JSON.parse(raw.toString('utf8')) as typeof task;
      } catch {
        return fail(res, 400, 'invalid json');
      }
      const out = Buffer.from(JSON.stringify(task.payload ?? {}));
      const up = request(
        {
          host: backend.hostname,
          port: backend.port,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': out.length },
        },
        (answer) => {
          readAll(answer, (bytes) => {
            let result: unknown;
            try {
              result = JSON.parse(bytes.toString('utf8'));
            } catch {
              return fail(res, 502, 'backend answered non-JSON');
            }
            const text = JSON.stringify({ task_id: task.task_id, status: 'success', result });
            res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
            res.end(text);
          });
        },
      );
      up.on('error', () => fail(res, 502, 'backend unreachable'));
      up.end(out);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

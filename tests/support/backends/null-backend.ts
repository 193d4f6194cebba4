/**
 * The cheapest possible OpenAI-compatible chat responder, for benchmarks: every POST gets the same
 * precomputed chat completion (with usage) over keep-alive, so the numbers measure the node, not the fake.
 * Nothing is recorded but counters; GET /v1/models lists the one model.
 *
 *   const nb = await startNullBackend();   // nb.url has no `/v1`, like a configured URL
 *   … nb.requests, nb.inFlight, nb.maxInFlight …
 *   await nb.close();
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NullBackendOptions {
  port?: number;
  model?: string;
}

export interface NullBackend {
  url: string;
  port: number;
  model: string;
  /** Requests answered so far (any route). */
  requests: number;
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export const NULL_BACKEND_MODEL = 'null-model';

export async function startNullBackend(opts: NullBackendOptions = {}): Promise<NullBackend> {
  const model = opts.model ?? NULL_BACKEND_MODEL;
  const completion = Buffer.from(
    JSON.stringify({
      id: 'chatcmpl-null',
      object: 'chat.completion',
      created: 1_750_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  );
  const list = Buffer.from(
    JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', owned_by: 'null' }] }),
  );
  const headersFor = (body: Buffer) => ({ 'Content-Type': 'application/json', 'Content-Length': body.length });

  const handle: NullBackend = {
    url: '',
    port: 0,
    model,
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    handle.inFlight++;
    handle.maxInFlight = Math.max(handle.maxInFlight, handle.inFlight);
    // The body must be drained before answering or keep-alive stalls on the unread request.
    req.resume();
    req.once('end', () => {
      const body = req.method === 'GET' ? list : completion;
      res.writeHead(200, headersFor(body));
      res.end(body);
      handle.requests++;
    });
    res.once('close', () => {
      handle.inFlight--;
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  handle.port = (server.address() as AddressInfo).port;
  handle.url = `http://127.0.0.1:${handle.port}`;
  return handle;
}

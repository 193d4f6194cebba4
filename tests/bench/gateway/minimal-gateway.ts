/**
 * The floor for any JavaScript gateway: a keep-alive `node:http` server that takes an OpenAI chat request, checks the
 * bearer key by string comparison, seals the request to one fixed node with the engine's IICP-CX consumer half, POSTs
 * the task over a keep-alive `http.Agent`, opens the sealed answer and writes a `chat.completion` — nothing else: no
 * discovery, no budget, no books, no request checks, no breaker. Whatever the real gateway costs beyond this is the
 * price of its pipeline; what this costs over the direct call is the price of a hop with IICP-CX in it on this machine.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sealRequest } from '@engine/cx/seal-request';

export interface MinimalGatewayOptions {
  /** The node's base URL (`{endpoint}/v1/task` is called). */
  nodeUrl: string;
  cx: { key: string; keyId: string };
  sourceNodeId: string;
  key: string;
  intent: string;
}

export interface MinimalGateway {
  url: string;
  close(): Promise<void>;
}

/** The node's opened answer, as far as a chat completion needs it. */
type Opened = { status?: unknown; result?: { choices?: unknown; usage?: unknown } };

export async function startMinimalGateway(o: MinimalGatewayOptions): Promise<MinimalGateway> {
  const node = new URL(o.nodeUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });
  const bearer = `Bearer ${o.key}`;

  const send = (res: ServerResponse, status: number, text: string) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, message: string) =>
    send(res, status, JSON.stringify({ error: { message, type: 'error', param: null, code: 'floor_error' } }));

  const readAll = (stream: IncomingMessage, done: (body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  };

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    if (req.headers.authorization !== bearer) return fail(res, 401, 'bad key');
    readAll(req, (raw) => {
      let ask: { model?: unknown; messages?: unknown; max_tokens?: unknown };
      try {
        ask = JSON.parse(raw.toString('utf8')) as typeof ask;
      } catch {
        return fail(res, 400, 'invalid json');
      }
      const taskId = randomUUID();
      const payload = { model: ask.model, messages: ask.messages, max_tokens: ask.max_tokens };
      const sealed = sealRequest(o.cx, taskId, o.intent, payload);
      const out = Buffer.from(
        JSON.stringify({
          task_id: taskId,
          intent: o.intent,
          iicp_conf: sealed.envelope,
          cx_response_encryption: 'required',
          nonce: randomUUID(),
          constraints: { timeout_ms: 120_000, model: ask.model, qos: 'interactive', max_tokens: ask.max_tokens },
          source_node_id: o.sourceNodeId,
        }),
      );
      const up = request(
        {
          host: node.hostname,
          port: node.port,
          path: '/v1/task',
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': out.length, 'X-IICP-Require-E2E': '1' },
        },
        (answer) => {
          readAll(answer, (bytes) => {
            let plain: Opened | null;
            try {
              plain = sealed.openResponse(
                (JSON.parse(bytes.toString('utf8')) as { iicp_conf_resp?: unknown }).iicp_conf_resp,
              ) as Opened | null;
            } catch {
              plain = null;
            }
            if (!plain || plain.status !== 'success' || !plain.result) return fail(res, 502, 'no answer');
            send(
              res,
              200,
              JSON.stringify({
                id: `chatcmpl-${taskId}`,
                object: 'chat.completion',
                created: Math.floor(Date.now() / 1000),
                model: ask.model,
                choices: plain.result.choices,
                usage: plain.result.usage,
              }),
            );
          });
        },
      );
      up.on('error', () => fail(res, 502, 'node unreachable'));
      up.end(out);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

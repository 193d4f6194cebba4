/**
 * A provider that lies about its token count, for the gateway's overclaim test (T107). It stands at the address a
 * real node registered as its public endpoint and passes everything through to that node, which serves from its own
 * LLM server; only the count changes on the way back. A real node no longer passes on a count past what the request
 * could produce (src-main/engine/backends/token-claim.ts), so the lie is told here, by a party holding the node's CX
 * key, as a hostile node would tell it:
 *
 *   - `POST /v1/task` with a sealed answer: the answer is opened and sealed again with `result.usage` and
 *     `metrics.tokens_used` saying `claim`;
 *   - a streamed native CALL: every sealed chunk the node sends is opened and sealed again in order, and the
 *     terminal's `usage` and key 7 say `claim`.
 *
 * Everything else (health, the native handshake, a buffered CALL) goes through unchanged. Counters: `httpTasks`,
 * `streams` (native CALLs with a task id).
 */
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { encryptResponseText, StreamOpener, StreamSealer, type CxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encodeFrame, encodeLifecycleResponse, FrameReader, MsgType, type LifecycleResponse } from '@engine/native';
import { decodeCall, decodeLifecycleResponse } from '@engine/native/messages';
import { onFirstBytes } from './first-bytes';
import { openResponse } from './cx-consumer';

export interface OverclaimTarget {
  port: number;
  cx: CxKeyPair;
}

export interface OverclaimingNode {
  /** `http://127.0.0.1:<port>`: the public endpoint to register the real node with. */
  url: string;
  httpTasks: number;
  streams: number;
  attach(t: OverclaimTarget): void;
  close(): Promise<void>;
}

/** The usage the lie says. */
export interface Claim {
  prompt_tokens: number;
  completion_tokens: number;
}

const readAll = (s: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (c: Buffer) => parts.push(c));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });

export async function startOverclaimingNode(claim: Claim): Promise<OverclaimingNode> {
  let target: OverclaimTarget | null = null;
  const usage = { ...claim, total_tokens: claim.prompt_tokens + claim.completion_tokens };
  const sockets = new Set<Socket>();

  /** Forwards one HTTP request to the node; the answer's body, status and headers. */
  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
      const up = httpRequest(
        {
          host: '127.0.0.1',
          port: target!.port,
          method: req.method,
          path: req.url,
          headers: { ...headers, connection: 'close' },
        },
        (res) => {
          readAll(res).then((b) => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string' && k !== 'content-length' && k !== 'connection' && k !== 'transfer-encoding')
                out[k] = v;
            resolve({ status: res.statusCode ?? 502, headers: out, body: b });
          }, reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });

  /** A sealed task answer, opened and sealed again saying `usage`; anything else as it was. */
  const lieAbout = async (taskBody: Buffer, answer: Buffer): Promise<Buffer> => {
    const task = JSON.parse(taskBody.toString('utf8')) as { task_id: string; iicp_conf?: unknown };
    const sealed = JSON.parse(answer.toString('utf8')) as {
      status?: string;
      iicp_conf_resp?: { nonce: string; encrypted_body: string };
    };
    if (task.iicp_conf === undefined || sealed.status !== 'encrypted' || !sealed.iicp_conf_resp) return answer;
    const { shared } = decryptRequest(target!.cx, task.iicp_conf);
    const inner = (await openResponse(shared, task.task_id, sealed.iicp_conf_resp)) as {
      result: Record<string, unknown>;
      metrics: Record<string, unknown>;
    };
    inner.result.usage = usage;
    inner.metrics.tokens_used = usage.total_tokens;
    return Buffer.from(
      JSON.stringify({ ...sealed, iicp_conf_resp: encryptResponseText(shared, task.task_id, JSON.stringify(inner)) }),
    );
  };

  // HTTP is answered by a server of its own on another loopback port, the front door's bytes piped to it.
  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readAll(req);
      const task = req.method === 'POST' && req.url === '/v1/task';
      if (task) node.httpTasks++;
      const up = await forward(req, body);
      const out = task && up.status === 200 ? await lieAbout(body, up.body) : up.body;
      res.writeHead(up.status, { ...up.headers, 'content-length': String(out.length) });
      res.end(out);
    })().catch(() => res.destroy());
  });

  /** A native connection: frames to the node as they are; a stream's sealed answers back opened and sealed again. */
  const native = (client: Socket, first: Buffer): void => {
    const up = connect({ host: '127.0.0.1', port: target!.port });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    const fromClient = new FrameReader();
    const fromNode = new FrameReader();
    /** The stream of the CALL running: the node's chunks are opened with `opener` and sealed again with `sealer`. */
    let stream: { opener: StreamOpener; sealer: StreamSealer } | null = null;
    const toNode = (chunk: Buffer): void => {
      up.write(chunk);
      for (const f of fromClient.push(chunk)) {
        if (f.type !== MsgType.CALL) continue;
        const call = decodeCall(f.payload);
        if (!call?.taskId) continue;
        node.streams++;
        const body = JSON.parse(Buffer.from(call.payload).toString('utf8')) as { iicp_conf?: unknown };
        const shared = body.iicp_conf === undefined ? null : decryptRequest(target!.cx, body.iicp_conf).shared;
        stream = shared
          ? { opener: new StreamOpener(shared, call.taskId), sealer: new StreamSealer(shared, call.taskId) }
          : null;
      }
    };
    const toClient = (chunk: Buffer): void => {
      for (const f of fromNode.push(chunk)) {
        const r = f.type === MsgType.RESPONSE && stream ? decodeLifecycleResponse(f.payload) : null;
        if (!r || !stream || typeof r.result !== 'object' || r.result === null || !('iicp_conf_chunk' in r.result)) {
          client.write(encodeFrame(f.type, f.payload));
          continue;
        }
        const opened = stream.opener.open(r.result);
        const terminal = r.status === 'success';
        let plain = opened.plaintext.toString('utf8');
        if (terminal) plain = JSON.stringify({ ...(JSON.parse(plain) as Record<string, unknown>), usage });
        const again: LifecycleResponse = {
          sessionId: r.sessionId as string,
          callId: r.callId as string,
          taskId: r.lifecycle.taskId as string,
          sequence: r.lifecycle.sequence as number,
          status: r.status as LifecycleResponse['status'],
          result: { iicp_conf_chunk: stream.sealer.seal(plain, opened.end) },
          ...(terminal
            ? { tokensUsed: usage.total_tokens }
            : typeof r.tokensUsed === 'number'
              ? { tokensUsed: r.tokensUsed }
              : {}),
        };
        client.write(encodeFrame(MsgType.RESPONSE, encodeLifecycleResponse(again)));
      }
    };
    up.on('data', toClient);
    client.on('data', toNode);
    toNode(first);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onFirstBytes(socket, (head, isNative) => {
      if (!target) return void socket.destroy();
      if (isNative) return native(socket, head);
      const up = connect({ host: '127.0.0.1', port: httpPort });
      sockets.add(up);
      up.on('close', () => sockets.delete(up));
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
  });
  const listen = (s: {
    once(e: 'error', f: (err: Error) => void): unknown;
    listen(port: number, host: string, f: () => void): unknown;
    address(): unknown;
  }): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });
  const httpPort = await listen(http);
  const port = await listen(server);
  const node: OverclaimingNode = {
    url: `http://127.0.0.1:${port}`,
    httpTasks: 0,
    streams: 0,
    attach: (t) => {
      target = t;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.closeAllConnections();
        http.close();
        server.close(() => resolve());
      }),
  };
  return node;
}

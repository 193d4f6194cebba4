import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'fail' | 'hang' | 'drop' | 'replay';

export interface RecordingProxy {
  url: string;
  /** Every request body that reached it, and every answer body it passed back, as text. */
  requests: { path: string; body: string }[];
  answers: string[];
  /** The answers it passed back with their paths and status codes. */
  answered: { path: string; status: number; body: string }[];
  mode: ProxyMode;
  /** In `replay`, what every request is answered with (200); null drops the request. */
  replay: () => string | null;
  /** Called as each request arrives, before the mode decides what happens to it (it may change the mode). */
  onRequest: ((path: string) => void) | null;
  close(): Promise<void>;
}

/**
 * A provider's front door as a consumer meets it: what it forwards to the node on `targetPort` is recorded on the way,
 * both ways, so a test can see what anything between the two (a relay, a tunnel, an attacker on the path) would see.
 * `fail` answers 500 without asking the node; `hang` takes the request and never answers; `drop` closes the
 * connection unanswered (a network that is down); `replay` answers with what `replay()` gives, as an attacker who
 * holds the address answers with what it recorded.
 */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const hung: IncomingMessage[] = [];
  const p: RecordingProxy = {
    url: '',
    requests: [],
    answers: [],
    answered: [],
    mode: 'pass',
    replay: () => null,
    onRequest: null,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      p.requests.push({ path, body: body.toString('utf8') });
      p.onRequest?.(path);
      if (p.mode === 'drop') return void req.socket.destroy();
      if (p.mode === 'replay') {
        const text = p.replay();
        if (text === null) return void req.socket.destroy();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(text);
      }
      if (p.mode === 'fail') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', error: { code: 'internal', message: 'failed on purpose' } }));
        return;
      }
      if (p.mode === 'hang') {
        hung.push(req);
        return;
      }
      const out = request(
        { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          const back: Buffer[] = [];
          up.on('data', (c: Buffer) => back.push(c));
          up.on('end', () => {
            const text = Buffer.concat(back);
            p.answers.push(text.toString('utf8'));
            p.answered.push({ path, status: up.statusCode ?? 0, body: text.toString('utf8') });
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(text);
          });
        },
      );
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  p.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.close = async () => {
    for (const r of hung) r.socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return p;
}

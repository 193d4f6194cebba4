import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'fail' | 'hang';

export interface RecordingProxy {
  url: string;
  /** Every request body that reached it, and every answer body it passed back, as text. */
  requests: { path: string; body: string }[];
  answers: string[];
  mode: ProxyMode;
  close(): Promise<void>;
}

/**
 * A provider's front door as a consumer meets it: what it forwards to the node on `targetPort` is recorded on the way,
 * both ways, so a test can see what anything between the two (a relay, a tunnel) would see. `fail` answers 500 without
 * asking the node; `hang` takes the request and never answers.
 */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const hung: IncomingMessage[] = [];
  const p: RecordingProxy = { url: '', requests: [], answers: [], mode: 'pass', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      p.requests.push({ path: req.url ?? '/', body: body.toString('utf8') });
      if (p.mode === 'fail') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', error: { code: 'internal', message: 'failed on purpose' } }));
        return;
      }
      if (p.mode === 'hang') {
        hung.push(req);
        return;
      }
      const out = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
        const back: Buffer[] = [];
        up.on('data', (c: Buffer) => back.push(c));
        up.on('end', () => {
          const text = Buffer.concat(back);
          p.answers.push(text.toString('utf8'));
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(text);
        });
      });
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

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { API_VERSION, BRIDGE_PATH, BRIDGE_PROTOCOL } from '@shared/contract';
import { bearerToken, OriginPolicy, protocolToken, tokenMatches } from './auth';
import { serveBridgeConnection, type BridgeSource } from './bridge';
import type { StaticFile } from './static-files';

export interface UiServerOptions {
  host: string;
  port: number;
  token: string;
  files: Map<string, StaticFile>;
  source: BridgeSource;
}

/** The page's own CSP; `connect-src 'self'` covers the same-origin WebSocket. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(text);
}

const httpError = (code: string, message: string) => ({ error: { code, message } });

function rejectUpgrade(socket: Socket, status: number, code: string, message: string): void {
  const body = JSON.stringify(httpError(code, message));
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The headless dashboard: static renderer files, `GET /api/v1/session` to check the token, and the bridge
 * WebSocket. Static files carry no data, so they need no token (a URL fragment never reaches a server);
 * everything that does carry data needs it.
 */
export class UiServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly policy: OriginPolicy;

  constructor(private readonly opts: UiServerOptions) {
    const names =
      opts.host === '127.0.0.1' || opts.host === 'localhost' || opts.host === '::1'
        ? ['127.0.0.1', 'localhost', '::1']
        : [opts.host];
    this.policy = new OriginPolicy(names, opts.port);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 64 * 1024,
      handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
    });
    this.server = createServer({ headersTimeout: 10_000, requestTimeout: 15_000 }, (req, res) => this.handle(req, res));
    this.server.on('upgrade', (req, socket) => this.upgrade(req, socket as Socket));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    this.policy.setPort(port);
    return port;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.close(1001, 'shutting down');
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.policy.hostAllowed(req))
      return sendJson(res, 403, httpError('forbidden_host', 'Unexpected Host header.'));
    if (!this.policy.originAllowed(req))
      return sendJson(res, 403, httpError('forbidden_origin', 'Requests from other sites are refused.'));
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      if (!tokenMatches(this.opts.token, bearerToken(req))) {
        return sendJson(res, 401, httpError('unauthorized', 'Access token missing or wrong.'));
      }
      if (path === '/api/v1/session' && req.method === 'GET') return sendJson(res, 200, { apiVersion: API_VERSION });
      return sendJson(res, 404, httpError('not_found', 'No such endpoint.'));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(res, 405, httpError('method_not_allowed', 'Only GET is served here.'));
    }
    const file = this.opts.files.get(path === '/' ? '/index.html' : path);
    if (!file) return sendJson(res, 404, httpError('not_found', 'No such file.'));
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Content-Length': file.body.length,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  private upgrade(req: IncomingMessage, socket: Socket): void {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== BRIDGE_PATH) return rejectUpgrade(socket, 404, 'not_found', 'No such endpoint.');
    if (!this.policy.hostAllowed(req)) return rejectUpgrade(socket, 403, 'forbidden_host', 'Unexpected Host header.');
    if (!this.policy.originAllowed(req))
      return rejectUpgrade(socket, 403, 'forbidden_origin', 'Requests from other sites are refused.');
    if (!tokenMatches(this.opts.token, protocolToken(req))) {
      return rejectUpgrade(socket, 401, 'unauthorized', 'Access token missing or wrong.');
    }
    this.wss.handleUpgrade(req, socket, Buffer.alloc(0), (ws) => serveBridgeConnection(ws, this.opts.source));
  }
}

/**
 * A minimal HTTP/1.1 server on node:net for connection-policy tests: it writes an answer's header and body in two
 * writes, with Nagle's algorithm on or off, as llama.cpp's llama-server b4748 does (Nagle on). With Nagle on, the body
 * waits in the kernel until the client acknowledges the header, so on a reused keep-alive connection (the client's
 * delayed ACK) the body arrives ~40 ms late. It honours `Connection: close` (closes after the answer) and records,
 * per request, which connection carried it, and per connection whether it is still open.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface NagleServerOptions {
  /** Nagle on (the default here: the server under test). */
  nagle?: boolean;
  /** A `Server` header to send (llama-server sends `llama.cpp`). */
  serverHeader?: string;
  /** The server's own pause between header and body (a server that flushes its header before the body is ready). */
  bodyDelayMs?: number;
  /** Before the header (generation time). */
  latencyMs?: number;
  /** The n-th connection (1-based) is reset as soon as its first request arrives, unanswered. */
  resetConnection?: number;
}

export interface SeenRequest {
  connection: number;
  /** 1 for the first request on its connection. */
  nth: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface NagleServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections open now. */
  open(): number;
  /** Closes every open connection that has carried no request yet (a server's idle timeout); how many. */
  closeUnused(): number;
  close(): Promise<void>;
}

export async function startNagleServer(opts: NagleServerOptions = {}): Promise<NagleServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const unused = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer({ noDelay: opts.nagle === false }, (sock) => {
    const id = ++accepted;
    let nth = 0;
    sockets.add(sock);
    unused.add(sock);
    sock.on('close', () => {
      sockets.delete(sock);
      unused.delete(sock);
    });
    sock.on('error', () => undefined);
    let buf: Buffer = Buffer.alloc(0);
    let busy = false;
    const pump = (): void => {
      if (busy) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1').split('\r\n');
      const [method = '', path = ''] = head[0]!.split(' ');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (buf.length < end + 4 + length) return;
      const body = buf.subarray(end + 4, end + 4 + length).toString('utf8');
      buf = buf.subarray(end + 4 + length);
      nth += 1;
      requests.push({ connection: id, nth, method, path, headers, body });
      const close = /close/i.test(headers.connection ?? '');
      const answer = JSON.stringify({ ok: true, connection: id, nth });
      busy = true;
      const writeBody = () => {
        sock.write(answer);
        busy = false;
        if (close) sock.end();
        else pump();
      };
      const writeHead = () => {
        sock.write(
          'HTTP/1.1 200 OK\r\n' +
            (opts.serverHeader ? `Server: ${opts.serverHeader}\r\n` : '') +
            'Content-Type: application/json; charset=utf-8\r\n' +
            `Content-Length: ${Buffer.byteLength(answer)}\r\n` +
            (close ? 'Connection: close\r\n' : 'Keep-Alive: timeout=5, max=100\r\n') +
            '\r\n',
        );
        if (opts.bodyDelayMs) setTimeout(writeBody, opts.bodyDelayMs);
        else writeBody(); // a second write, as cpp-httplib does
      };
      if (opts.latencyMs) setTimeout(writeHead, opts.latencyMs);
      else writeHead();
    };
    sock.on('data', (d: Buffer) => {
      unused.delete(sock);
      if (opts.resetConnection === id) {
        sock.resetAndDestroy();
        return;
      }
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      pump();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => accepted,
    open: () => sockets.size,
    closeUnused: () => {
      const n = unused.size;
      for (const s of unused) s.destroy();
      return n;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

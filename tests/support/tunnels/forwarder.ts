import { createServer, request, type Server } from 'node:http';

export interface Forwarder {
  /** The loopback port the "tunnel's edge" listens on. */
  port: number;
  /** Requests that came through, as "METHOD /path?query". */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * An honest tunnel's edge, as ngrok's or Tailscale's: passes every request on to `targetPort` on loopback (path,
 * query and headers as sent, the public name as Host) and the answer back unchanged.
 */
export async function startForwarder(targetPort: () => number, publicHost: string): Promise<Forwarder> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const up = request(
      {
        host: '127.0.0.1',
        port: targetPort(),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: publicHost, 'x-forwarded-proto': 'https' },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('Bad Gateway');
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The name Node gives the symbol under which an HTTP server keeps the interval of its slow-client check. */
const CHECK_INTERVAL = 'http.server.connectionsCheckingInterval';

/**
 * Node cuts slow clients (`headersTimeout`, `requestTimeout`) with one interval per HTTP server, started when it
 * listens and running until it closes, connections or not: at the task port's one second, the idle node's most
 * frequent wake-up, which finds nothing to check. Here Node's own check runs only while a connection is open: stopped
 * once the server listens and when its last connection closes, started again (by Node's own setup, at the same
 * interval) with the next. A slow client is cut as before: Node counts its time from the connection's own start, not
 * from the check's.
 *
 * Returns what to call with each connection the server takes. On a Node that keeps the check otherwise, nothing
 * changes: the check then runs as Node runs it.
 */
export function slowClientCheckWhileConnected(server: Server): (s: Socket) => void {
  const setup = server.listeners('listening').find((f) => f.name === 'setupConnectionsTracking');
  if (!setup) return () => {};
  let open = 0;
  const stop = (): void => {
    const key = Object.getOwnPropertySymbols(server).find((k) => k.description === CHECK_INTERVAL);
    const interval = key ? (server as unknown as Record<symbol, unknown>)[key] : null;
    if (interval) clearInterval(interval as NodeJS.Timeout);
  };
  // Runs after Node's own 'listening' listener, which started the check.
  server.on('listening', () => {
    if (open === 0) stop();
  });
  return (s) => {
    open += 1;
    if (open === 1 && server.listening) setup.call(server);
    s.once('close', () => {
      open -= 1;
      if (open === 0) stop();
    });
  };
}

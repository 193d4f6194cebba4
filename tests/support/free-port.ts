import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port handed out: above the well-known servers the tests stand in for (11434, 8000, 8080, 8880, …). */
const LOWEST = 20_000;
/** Ports this process handed out: never handed out twice, even once closed again. */
const given = new Set<number>();

/**
 * The ports the kernel picks by itself, for outgoing connections and for a listen on port 0: Linux's
 * `ip_local_port_range`, else the IANA dynamic range other systems use.
 */
export function kernelPortRange(): { from: number; to: number } {
  try {
    const [from, to] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(from) && Number.isInteger(to) && from! <= to!) return { from: from!, to: to! };
  } catch {
    // not Linux
  }
  return { from: 49_152, to: 65_535 };
}

/** Resolves with `port` once it was free to listen on at 127.0.0.1, null when something listens there. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(null) : reject(err),
    );
    s.listen(port, '127.0.0.1', () => {
      const got = (s.address() as { port: number }).port;
      s.close(() => resolve(got));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (for endpoints that must be known before listening).
 *
 * It lies below the kernel's own range: a port the kernel picked would be free again once closed, and on a busy machine
 * the kernel hands it out again at once, to any outgoing connection or `listen(0)` of any process, before the caller
 * listens on it (seen as EADDRINUSE in CI beside `stress-ng`). Below that range only a listener asking for that very
 * port can take it; another test process picks among thousands at random, and this one never gives a port twice.
 */
export async function freePort(): Promise<number> {
  const below = kernelPortRange().from - 1;
  if (below - LOWEST >= 1_000) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const candidate = LOWEST + Math.floor(Math.random() * (below - LOWEST + 1));
      if (given.has(candidate)) continue;
      given.add(candidate);
      if ((await tryListen(candidate)) !== null) return candidate;
    }
  }
  // No room below the kernel's range (or every try was taken): one the kernel picks.
  const port = (await tryListen(0))!;
  given.add(port);
  return port;
}

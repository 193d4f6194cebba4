import { closePooledConnections, type PooledResult } from './pooled-call';
import { rawHeader } from './raw-headers';
import { allOrigins, httpAgent, httpsAgent, targetOf, type Origin, type Target } from './request-targets';

/*
 * Why connections used once, and pre-opened. llama.cpp's llama-server (cpp-httplib; b4748 and the builds before its
 * `CPPHTTPLIB_TCP_NODELAY true`) leaves Nagle's algorithm on and writes an answer's header and body in two writes:
 * the body waits in its kernel until the header is acknowledged. On a reused keep-alive connection our kernel
 * delays that ACK (Linux: 40 ms; macOS and Windows delay longer, not measured here), so every answer arrives
 * ~40 ms late (a tiny task: 44 ms instead of 1.5 ms). TCP_NODELAY on our side changes nothing (node:http's agents
 * set it already; the held-back bytes are the server's), and reading the head and body as they come is what
 * node:http does: the body is simply not sent yet. Node cannot set TCP_QUICKACK, and nothing valid can be sent on
 * the socket mid-answer to carry the ACK. What does release the body (tests/bench/backend/release.ts: loopback,
 * Linux 6.18, median gap between header and body over 8 answers):
 * - the server closing the connection after the answer: its FIN pushes out what Nagle held back (Linux sends the
 *   rest with Nagle off when a socket is closed; BSD stacks send it with the FIN) — 0.00 ms even on a connection
 *   whose earlier answers stalled. This is why `Connection: close` never stalls, on any system;
 * - a connection's first answer: Linux acknowledges the first data on a connection at once (quick-ACK), also on one
 *   opened 100 ms before its request — 0.00 ms;
 * - a keep-alive connection that rested ≥ 45 ms before its next request (0.01 ms; ≤ 30 ms: 41–44 ms): Linux leaves
 *   its delayed-ACK "ping-pong" mode when a delayed ACK fires, and returns to it when we send within the ACK
 *   timeout (≥ 40 ms, growing with the traffic) of the last data received.
 * The choice: one connection per call, asked to close, and opened before the task needs it — after an answer came
 * in, a few per server (one per four calls in flight, at most four), closed when tasks stop (spare-connections.ts).
 * Resting keep-alive connections would save the handshake's CPU too, but every resting socket holds one of
 * llama-server's few HTTP threads (one per connection; 3 by default), a rest ≥ the ACK timeout takes ~2 connections
 * per task in flight (one resting, one busy), and it rests on kernel internals. Figures of the backend bench
 * (tests/bench/backend: 50 ms generation, c + 2 server workers, 2-core VM; two runs of the shipped code):
 * - a reused keep-alive connection (node:http's agent: TCP_NODELAY on our side): +39…+42 ms per answer, any c;
 * - a direct client pre-opening its connections, against opening them on demand: −0.2…−1.1 ms p50 at c = 1…16;
 * - a direct client resting its keep-alive connections ≥ 50 ms: no stall at c=1 (−0.6…−0.8 ms, 2 connections held),
 *   but 8 and 32 connections held at c=4 and c=16 for 6 and 18 workers: tasks waited for one (p99 +6 s, +9 s);
 * - the node, pre-opening against opening on demand: c=1 +1.31 / +1.50 ms against +1.35 / +1.58 ms over direct (the
 *   handshake is little of it here: timeline.ts puts the node's call → the server's request at 0.05 ms against
 *   0.19 ms); c=16 −0.13 / −0.26 ms against +1.62 / −0.15 ms, and 0.965 / 0.980 of direct throughput against
 *   0.939 / 0.955. Keep-alive to every server (before): +41…+44 ms.
 * Connection: close also frees llama-server's thread at once (an idle keep-alive connection holds it 5 s, so a 4th
 * concurrent task would wait). The server closes first (it was asked to), so the TIME_WAIT is mostly on its side and
 * our ephemeral port is freed at once (the backend bench counts them); on loopback Linux also reuses TIME_WAIT ports
 * for new connections (tcp_tw_reuse=2, the default), so high task rates do not run out of ports.
 * Servers that set TCP_NODELAY (Ollama: Go; vLLM: uvicorn/asyncio; Node servers) keep the keep-alive pool,
 * which saves the handshake.
 *
 * `auto` (the backend transport's default, so it holds whatever the caller knows about the flavour): an answer
 * saying `Server: llama.cpp` / `llama-server` on a new connection turns its origin to connections used once from the
 * next call. For any other server the stall itself is watched for: a reused socket whose small body ends ≥ 30 ms
 * (and < 1 s: a delayed ACK is at most 500 ms) after its header was parsed. One such call turns the origin to
 * fresh for 10 minutes (then keep-alive is tried again: the server may have changed). If a fresh connection shows
 * the same gap, the gap was the server's own pacing (header flushed before the body is ready), not the stall: the
 * origin goes back to keep-alive and the test stays off for 10 minutes. Turning an origin to fresh closes its idle
 * pooled sockets, which would otherwise hold llama-server's threads until its 5 s keep-alive timeout.
 */
export const STALL_MIN_MS = 30;
export const STALL_MAX_MS = 1000;
/** A body this small travels in one segment, so a gap before it is the Nagle hold-back, not transfer time. */
export const STALL_MAX_BODY_BYTES = 16 * 1024;
export const VERDICT_TTL_MS = 10 * 60_000;

/** Whether `auto` sends the next call to this URL's server over a fresh connection (tests and diagnostics). */
export function autoUsesFreshConnections(url: string): boolean {
  return freshNow(targetOf(url).origin);
}

/** Idle pre-opened connections to this URL's server (0 or 1; tests and diagnostics). */
export function spareConnections(url: string): number {
  return targetOf(url).origin.spares?.idle ?? 0;
}

/** Forgets what `auto` learnt about every server, and closes the pre-opened connections (tests). */
export function resetConnectionVerdicts(): void {
  for (const o of allOrigins()) {
    o.fresh = null;
    o.freshUntil = 0;
    o.quietUntil = 0;
    o.spares?.close();
  }
}

/** Whether `auto` sends this origin fresh connections now; a stall verdict lapses after VERDICT_TTL_MS. */
export function freshNow(o: Origin): boolean {
  if (o.fresh === 'stall' && performance.now() >= o.freshUntil) o.fresh = null;
  return o.fresh !== null;
}

/** `auto` sends this origin fresh connections from the next call, and its idle kept-alive sockets are closed. */
export function turnFresh(o: Origin, why: 'server' | 'stall', https: boolean, pooledOrigin: string): void {
  o.fresh = why;
  o.freshUntil = performance.now() + VERDICT_TTL_MS;
  closePooledConnections(pooledOrigin);
  // Idle pooled sockets to it would hold the server's threads until its keep-alive timeout.
  const free = (https ? httpsAgent : httpAgent).freeSockets;
  for (const name of Object.keys(free)) {
    if (!name.startsWith(o.poolPrefix)) continue;
    for (const s of [...(free[name] ?? [])]) s.destroy();
  }
}

/** llama.cpp's server names itself so (it is what flavour detection reads too). */
export function stallsOnReuse(server: string | null): boolean {
  if (server === null) return false;
  const s = server.toLowerCase();
  return s.includes('llama.cpp') || s.includes('llama-server');
}

/**
 * `auto` on the keep-alive pool: a server naming itself llama.cpp, or a small answer whose body came STALL_MIN_MS or
 * more after its header (the stall), turns the origin to connections used once. Which connection the answer came on
 * is not known here; a gap that was the server's own pacing shows on a connection used once too, and that path then
 * turns the origin back (`NodeHttpCall.sawBody`, node-http-call.ts).
 */
export function sawPooledAnswer(target: Target, r: PooledResult): void {
  const o = target.origin;
  if (stallsOnReuse(rawHeader(r.rawHeaders, 'server'))) {
    if (o.fresh !== 'server') turnFresh(o, 'server', target.https, target.pooled.origin);
    return;
  }
  if (o.fresh === 'server') o.fresh = null; // another server on that port now
  const gap = r.endAt - r.headersAt;
  if (
    r.body.length <= STALL_MAX_BODY_BYTES &&
    gap >= STALL_MIN_MS &&
    gap < STALL_MAX_MS &&
    o.fresh === null &&
    performance.now() >= o.quietUntil
  ) {
    turnFresh(o, 'stall', target.https, target.pooled.origin);
  }
}

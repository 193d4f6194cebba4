/**
 * The backend bench's clients: how one task or chat is sent (a `Send`), cells of them at a concurrency, and two
 * direct clients that try ways around llama-server's stall other than a fresh connection opened per call:
 * - `preopened`: a connection used once (`Connection: close`), opened after the previous answer came in, one at most
 *   (what the node does, in a few lines here);
 * - `rested`: keep-alive connections, each reused only after it rested `restMs` since its last answer (so the kernel
 *   has left delayed-ACK ping-pong mode); as many as that needs, each holding one of the server's HTTP workers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:http';
import { createConnection, type Socket } from 'node:net';

export interface Sample {
  lat: number[];
  failures: string[];
  /** Tasks still running when the cell's time cap was reached. */
  unfinished: number;
  wallMs: number;
}

export type Answer = { status: number; ms: number; error?: string };
export type Send = () => Promise<Answer>;

/** One POST; the answer's status and time (a non-200's first 300 characters as the error). */
export function post(options: RequestOptions, body: string): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((done) => {
    const req = request(
      {
        ...options,
        method: 'POST',
        headers: {
          ...(options.headers as Record<string, string> | undefined),
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        if (status === 200) res.resume();
        else res.on('data', (c: Buffer) => (text += c.toString('utf8').slice(0, 300)));
        res.on('end', () =>
          done({ status, ms: performance.now() - t0, ...(status === 200 ? {} : { error: text.slice(0, 300) }) }),
        );
        res.on('error', (err: NodeJS.ErrnoException) =>
          done({ status: 0, ms: performance.now() - t0, error: err.code ?? err.message }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      done({ status: 0, ms: performance.now() - t0, error: err.code ?? err.message }),
    );
    req.end(body);
  });
}

/** `n` sends at concurrency `c` (or until `capMs`), each loop sending the next when its answer is in. */
export async function cell(send: Send, c: number, n: number, capMs = Number.POSITIVE_INFINITY): Promise<Sample> {
  const s: Sample = { lat: [], failures: [], unfinished: 0, wallMs: 0 };
  let started = 0;
  const t0 = performance.now();
  const until = t0 + capMs;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (started < n && performance.now() < until) {
        started++;
        const r = Number.isFinite(capMs)
          ? await Promise.race([
              send(),
              new Promise<null>((res) => setTimeout(() => res(null), Math.max(0, until - performance.now())).unref()),
            ])
          : await send();
        if (r === null) {
          s.unfinished++;
          return;
        }
        if (r.status === 200) s.lat.push(r.ms);
        else s.failures.push(r.error ? `${r.status} ${r.error}` : String(r.status));
      }
    }),
  );
  s.wallMs = performance.now() - t0;
  return s;
}

/**
 * A cell over a client of its own, closed afterwards, so no idle connection of it holds one of the server's
 * workers during the next cell.
 */
export async function cellWith<C extends { send: Send; close(): void }>(
  client: C,
  c: number,
  n: number,
  capMs?: number,
): Promise<Sample & { client: C }> {
  try {
    return { ...(await cell(client.send, c, n, capMs)), client };
  } finally {
    client.close();
  }
}

/** Over one node:http agent (fresh: `Connection: close` on every call; reuse: keep-alive, up to `c` sockets). */
export function viaAgent(agent: Agent, url: string, body: () => string): { send: Send; close(): void } {
  return { send: () => post({ ...target(url), agent }, body()), close: () => agent.destroy() };
}

function target(url: string): RequestOptions {
  const u = new URL(url);
  return { hostname: u.hostname, port: Number(u.port), path: u.pathname };
}

/** Connections used once, each opened after the previous answer came in (at most one waiting). */
export function preopened(url: string, body: string): { send: Send; close(): void; opened: () => number } {
  const t = target(url);
  let spare: Socket | null = null;
  let opened = 0;
  let closed = false;
  const open = () => {
    opened++;
    spare = createConnection({ host: t.hostname!, port: Number(t.port), noDelay: true });
    spare.on('error', () => undefined);
  };
  const take = (): Socket => {
    const s = spare;
    spare = null;
    if (s !== null && !s.destroyed) return s;
    opened++;
    return createConnection({ host: t.hostname!, port: Number(t.port), noDelay: true });
  };
  return {
    send: async () => {
      const r = await post({ ...t, createConnection: take, headers: { connection: 'close' } }, body);
      if (!closed && spare === null) setImmediate(() => spare === null && !closed && open());
      return r;
    },
    close: () => {
      closed = true;
      spare?.destroy();
    },
    opened: () => opened,
  };
}

/** Keep-alive connections reused only after resting `restMs` since their last answer; one agent per connection. */
export function rested(url: string, body: string, restMs: number): { send: Send; close(): void; opened: () => number } {
  const t = target(url);
  const idle: { agent: Agent; since: number }[] = [];
  const all: Agent[] = [];
  return {
    send: async () => {
      const now = performance.now();
      const i = idle.findIndex((x) => now - x.since >= restMs);
      const agent = i >= 0 ? idle.splice(i, 1)[0]!.agent : new Agent({ keepAlive: true, maxSockets: 1 });
      if (i < 0) all.push(agent);
      const r = await post({ ...t, agent }, body);
      idle.push({ agent, since: performance.now() });
      return r;
    },
    close: () => {
      for (const a of all) a.destroy();
    },
    opened: () => all.length,
  };
}

export const merge = (xs: Sample[]): Sample => ({
  lat: xs.flatMap((x) => x.lat),
  failures: xs.flatMap((x) => x.failures),
  unfinished: xs.reduce((a, x) => a + x.unfinished, 0),
  wallMs: xs.reduce((a, x) => a + x.wallMs, 0),
});

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Answered tasks per second over the cells' own time. */
export const perSecond = (s: Sample): number => (s.lat.length / s.wallMs) * 1000;

/** TIME_WAIT sockets toward `port` (4-tuples), by side: the server's (local port = port) or a client's. */
export function timeWaits(port: number): { server: Set<string>; client: Set<string> } {
  const out = { server: new Set<string>(), client: new Set<string>() };
  if (!existsSync('/proc/net/tcp')) return out;
  for (const line of readFileSync('/proc/net/tcp', 'latin1').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== '06') continue;
    const local = parseInt(f[1]!.split(':')[1]!, 16);
    const remote = parseInt(f[2]!.split(':')[1]!, 16);
    if (local === port) out.server.add(`${f[1]}-${f[2]}`);
    else if (remote === port) out.client.add(`${f[1]}-${f[2]}`);
  }
  return out;
}

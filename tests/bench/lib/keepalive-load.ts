/**
 * A lean closed-loop HTTP/1.1 load generator for benches: `connections` keep-alive sockets, each sending
 * the next POST as soon as the previous answer is complete. It writes one pre-formatted request per call
 * and parses only the status line and Content-Length, so per request it costs a few microseconds —
 * much less than the servers it measures, which matters on a small machine where it shares the cores.
 * Latency is measured per request with `performance.now()` (sub-microsecond resolution, unlike a 1 ms
 * histogram), and every answer must be `200` with a body containing `expect`; anything else is counted as
 * `bad` so a bench never silently measures error pages. Bounded in time: it stops by itself.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** `http://127.0.0.1:<port>/<path>`; only loopback targets are accepted. */
  url: string;
  connections: number;
  /** Requests completing before this are not recorded (JIT, pools, caches settle). */
  warmupMs: number;
  /** The measured window after the warm-up. */
  durationMs: number;
  /** A fresh JSON body per request (e.g. with a unique task id). */
  body: () => string;
  /** Bytes a good answer's body contains (e.g. `"status":"success"`); not looked at when `verify` is given. */
  expect: string;
  /** Extra request headers (e.g. an app key as `Authorization`). */
  headers?: Record<string, string>;
  /**
   * Judges a `200` answer's body in place of `expect`, given the request body it answers (e.g. opens a sealed answer).
   * With it, a request's latency runs from before `body()` until `verify` returns: making the request and judging its
   * answer are then the client's own work (sealing and opening IICP-CX), as a hop's work on them is in its latency.
   */
  verify?: (sentBody: string, answer: Buffer) => boolean;
  /** Called when the measured window opens and closes (e.g. to sample CPU counters). */
  onWindow?: (phase: 'start' | 'end') => void;
  /** Called with the request body of every good answer, warm-up included (e.g. to check each task was recorded). */
  onGood?: (body: string) => void;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

export interface LoadResult {
  connections: number;
  durationMs: number;
  /** Good answers completed inside the measured window. */
  requests: number;
  rps: number;
  /** Milliseconds. */
  latency: LatencySummary;
  /** Every recorded latency (ms), sorted, for merging several runs. */
  latencies: Float64Array;
  /** Good answers anywhere in the run (warm-up included). */
  good: number;
  /** Answers that were not `200` + `expect`, anywhere in the run (warm-up included). */
  bad: number;
  /** Socket errors or closes while the run was on. */
  errors: number;
  /** The first bad answer or error, for the failure message. */
  firstProblem: string | null;
  /** CPU time this process (the generator) spent inside the window, in microseconds. */
  generatorCpuUs: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_RECONNECTS = 16;

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const u = new URL(o.url);
  if (u.hostname !== '127.0.0.1' || u.protocol !== 'http:')
    throw new Error(`bench traffic stays on http://127.0.0.1 (got ${o.url})`);
  const port = Number(u.port);
  const extra = Object.entries(o.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const head = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json\r\n${extra}Content-Length: `;
  const expect = Buffer.from(o.expect);
  const verify = o.verify;
  const judge = (sent: string, answer: Buffer): boolean => {
    if (!verify) return answer.includes(expect);
    try {
      return verify(sent, answer);
    } catch {
      return false;
    }
  };

  const started = performance.now();
  const windowStart = started + o.warmupMs;
  const windowEnd = windowStart + o.durationMs;
  const latencies = new Float64Array(Math.max(1024, Math.ceil((o.durationMs / 1000) * 200_000)));
  let recorded = 0;
  let good = 0;
  let bad = 0;
  let errors = 0;
  let reconnects = 0;
  let firstProblem: string | null = null;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let generatorCpuUs = 0;
  let windowOpen = false;
  let windowClosed = false;

  return new Promise<LoadResult>((resolve) => {
    let live = o.connections;
    const hardStop = setTimeout(() => finish(), o.warmupMs + o.durationMs + 15_000);

    const problem = (what: string) => {
      firstProblem ??= what;
    };

    const markWindow = (now: number) => {
      if (!windowOpen && now >= windowStart) {
        windowOpen = true;
        cpuAtStart = process.cpuUsage();
        o.onWindow?.('start');
      }
      if (!windowClosed && now >= windowEnd) {
        windowClosed = true;
        const d = process.cpuUsage(cpuAtStart ?? undefined);
        generatorCpuUs = d.user + d.system;
        o.onWindow?.('end');
      }
    };
    // Sockets only notice time when an answer arrives; a timer makes sure the window edges are seen.
    const edge1 = setTimeout(() => markWindow(performance.now()), Math.max(0, o.warmupMs));
    const edge2 = setTimeout(() => markWindow(performance.now()), o.warmupMs + o.durationMs);

    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(hardStop);
      clearTimeout(edge1);
      clearTimeout(edge2);
      markWindow(Number.POSITIVE_INFINITY);
      for (const s of sockets) s.destroy();
      const sorted = latencies.slice(0, recorded).sort();
      resolve({
        connections: o.connections,
        durationMs: o.durationMs,
        requests: recorded,
        rps: recorded / (o.durationMs / 1000),
        latency: summarize(sorted),
        latencies: sorted,
        good,
        bad,
        errors,
        firstProblem,
        generatorCpuUs,
      });
    }

    const sockets = new Set<Socket>();
    const done = () => {
      live -= 1;
      if (live === 0) finish();
    };

    const open = () => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      sockets.add(socket);
      let pending: Buffer | null = null;
      let sentAt = 0;
      let sentBody = '';
      let closedByUs = false;
      const send = () => {
        const made = verify ? performance.now() : 0;
        const body = o.body();
        sentBody = body;
        sentAt = verify ? made : performance.now();
        socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      socket.once('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending ? Buffer.concat([pending, chunk]) : chunk;
        for (;;) {
          const buf: Buffer = pending;
          const he = buf.indexOf(HEADER_END);
          if (he === -1) return;
          const headers = buf.toString('latin1', 0, he);
          const m = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
          if (!m) {
            problem(`answer without Content-Length: ${headers.slice(0, 200)}`);
            bad += 1;
            closedByUs = true;
            socket.destroy();
            return done();
          }
          const total = he + 4 + Number(m[1]);
          if (buf.length < total) return;
          let now = performance.now();
          const ok = headers.startsWith('HTTP/1.1 200') && judge(sentBody, buf.subarray(he + 4, total));
          if (verify) now = performance.now();
          if (!ok) {
            bad += 1;
            problem(`${headers.split('\r\n')[0]} ${buf.toString('utf8', he + 4, Math.min(total, he + 4 + 300))}`);
          } else {
            good += 1;
            o.onGood?.(sentBody);
            if (now >= windowStart && now < windowEnd) {
              latencies[recorded++] = now - sentAt;
              if (recorded === latencies.length) problem('latency buffer full');
            }
          }
          pending = buf.length > total ? buf.subarray(total) : null;
          markWindow(now);
          if (now >= windowEnd || recorded === latencies.length) {
            closedByUs = true;
            socket.end();
            sockets.delete(socket);
            return done();
          }
          if (pending) continue;
          send();
          return;
        }
      });
      socket.on('error', (err) => {
        if (closedByUs) return;
        errors += 1;
        problem(`socket error: ${err.message}`);
      });
      socket.on('close', () => {
        sockets.delete(socket);
        if (closedByUs || finished) return;
        errors += 1;
        problem(firstProblem ?? 'server closed a keep-alive connection');
        // A closed connection is an error; reconnect a bounded number of times so one hiccup
        // does not end the cell, but a server that keeps closing does.
        if (performance.now() < windowEnd && reconnects++ < MAX_RECONNECTS) open();
        else done();
      });
    };
    for (let i = 0; i < o.connections; i++) open();
  });
}

/** Percentiles (nearest rank) of sorted latencies. */
export function summarize(sorted: Float64Array): LatencySummary {
  const n = sorted.length;
  if (n === 0)
    return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: sum / n, min: sorted[0]!, max: sorted[n - 1]! };
}

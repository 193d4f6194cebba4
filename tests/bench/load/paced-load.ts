/**
 * Load generator of the load bench (and its short in-process variant): `connections` keep-alive sockets to
 * the node's `POST /v1/task`, each with one request outstanding at a time. A connection that gets `429`
 * waits `backoffMs` (uniformly 0.5×–1.5×) before its next request, as a client told to come back later would;
 * with `backoffMs: 0` it asks again at once (a closed-loop flood: the node is then as busy as it can be and
 * latencies are queueing, connections ÷ rate). After a `200` it asks again at once.
 *
 * Every answer is checked, not just counted: `200` must be JSON with `"status":"success"`, `429` must be
 * JSON `{"error":{"code":"IICP-E021",…}}` with `Retry-After`. Anything else (another status, a body that is
 * not JSON, a closed connection) is counted as `bad`/`errors` with the first problem kept for the report.
 * Raw sockets, one pre-formatted write per request, and only the status line, Content-Length and
 * Retry-After read from the head, so the generator costs a few microseconds per answer — on a 2-core
 * machine it shares the cores with the node. Latency is `performance.now()` from the write to the last
 * byte of the answer, recorded per status for requests sent inside the measured window. Bounded in time.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Loopback source addresses the connections come from (127.0.0.2 …): each stays under the node's per-source connection
 * cap.
 */
const SOURCES = 32;
import { connect, type Socket } from 'node:net';

export interface PacedLoadOptions {
  /** `http://127.0.0.1:<port>/v1/task`; only loopback targets are accepted. */
  url: string;
  connections: number;
  /** Answers to requests sent before this are checked and counted, not timed. */
  warmupMs: number;
  /** The measured window after the warm-up; no request is sent after it, outstanding ones are awaited. */
  durationMs: number;
  /** Mean wait after a 429 before the connection's next request; 0 = at once (flood). */
  backoffMs: number;
  /** A fresh task body per request (unique task_id and nonce). */
  body: () => string;
  /** Sockets opened per 10 ms while ramping up (a burst of 1000 SYNs would overflow the listen backlog). */
  rampPerTick?: number;
  /** Called when the measured window opens and closes (e.g. to sample counters of other processes). */
  onWindow?: (phase: 'start' | 'end') => void;
}

export interface StatusLatencies {
  /** Answers with this status to requests sent inside the window. */
  count: number;
  /** Their latencies in ms, sorted. */
  latencies: Float64Array;
  /** The same latencies in the order the requests were sent, with when (ms into the window). */
  sentAtMs: Float64Array;
  inOrder: Float64Array;
}

export interface PacedLoadResult {
  connections: number;
  durationMs: number;
  backoffMs: number;
  /** Answers by status over the whole run (warm-up and drain included). */
  byStatus: Record<string, number>;
  ok: StatusLatencies;
  rejected: StatusLatencies;
  /** Answers that were neither a good 200 nor a good 429, anywhere in the run. */
  bad: number;
  /** Socket errors or connections closed by the server while the run was on. */
  errors: number;
  firstProblem: string | null;
  /** Sockets that were open at once at the busiest moment. */
  maxOpen: number;
  /** The slowest 429s in the window (up to 10, slowest first): which connection, its nth request, when. */
  slowest429: { connection: number; nth: number; sentAtMs: number; latencyMs: number }[];
  /** Answers per second of the window, by status. */
  perSecond: { ok: number[]; rejected: number[] };
  /** CPU time of this process (the generator) inside the window, µs. */
  generatorCpuUs: number;
  /** How late a 10 ms timer of this process fired over the window (ms): how late the generator itself was. */
  generatorLoopDelay: { p50: number; p99: number; max: number };
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_RECONNECTS = 64;
const LOOP_RESOLUTION_MS = 10;

class Samples {
  private buf = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  values(): Float64Array {
    return this.buf.slice(0, this.length);
  }
  sorted(): Float64Array {
    return this.values().sort();
  }
}

/** Checks one answer; null when it is a good 200 or a good 429, else what is wrong with it. */
export function answerProblem(status: number, head: string, body: string): string | null {
  if (status !== 200 && status !== 429) return `HTTP ${status}: ${body.slice(0, 300)}`;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return `HTTP ${status} with a body that is not JSON: ${body.slice(0, 300)}`;
  }
  const o = json as { status?: unknown; error?: { code?: unknown } };
  if (status === 200)
    return o.status === 'success' ? null : `HTTP 200 without "status":"success": ${body.slice(0, 300)}`;
  if (o.error?.code !== 'IICP-E021') return `HTTP 429 with code ${String(o.error?.code)}: ${body.slice(0, 300)}`;
  if (!/\r\nretry-after:\s*\d+/i.test(head)) return 'HTTP 429 without Retry-After';
  return null;
}

export function runPacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const u = new URL(o.url);
  if (u.hostname !== '127.0.0.1' || u.protocol !== 'http:')
    throw new Error(`bench traffic stays on http://127.0.0.1 (got ${o.url})`);
  const port = Number(u.port);
  const head = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: `;
  const rampPerTick = Math.max(1, o.rampPerTick ?? 50);

  const started = performance.now();
  const windowStart = started + o.warmupMs;
  const windowEnd = windowStart + o.durationMs;
  const okLat = new Samples();
  const rejLat = new Samples();
  const okAt = new Samples();
  const rejAt = new Samples();
  const byStatus: Record<string, number> = {};
  const seconds = Math.max(1, Math.ceil(o.durationMs / 1000));
  const perSecond = { ok: new Array<number>(seconds).fill(0), rejected: new Array<number>(seconds).fill(0) };
  let bad = 0;
  let errors = 0;
  let reconnects = 0;
  let firstProblem: string | null = null;
  let open = 0;
  let maxOpen = 0;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let generatorCpuUs = 0;
  let windowOpen = false;
  let windowClosed = false;
  const slowest429: PacedLoadResult['slowest429'] = [];
  const noteSlow = (entry: PacedLoadResult['slowest429'][number]) => {
    if (slowest429.length === 10 && entry.latencyMs <= slowest429[9]!.latencyMs) return;
    slowest429.push(entry);
    slowest429.sort((a, b) => b.latencyMs - a.latencyMs);
    slowest429.length = Math.min(slowest429.length, 10);
  };
  let connectionSeq = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  return new Promise<PacedLoadResult>((resolve) => {
    const sockets = new Set<Socket>();
    const timers = new Set<NodeJS.Timeout>();
    let live = 0;
    let finished = false;
    const problem = (what: string) => {
      firstProblem ??= what;
    };

    const markWindow = (now: number) => {
      if (!windowOpen && now >= windowStart) {
        windowOpen = true;
        cpuAtStart = process.cpuUsage();
        loopDelay.enable();
        o.onWindow?.('start');
      }
      if (!windowClosed && now >= windowEnd) {
        windowClosed = true;
        loopDelay.disable();
        const d = process.cpuUsage(cpuAtStart ?? undefined);
        generatorCpuUs = d.user + d.system;
        o.onWindow?.('end');
      }
    };
    const edge1 = setTimeout(() => markWindow(performance.now()), o.warmupMs);
    const edge2 = setTimeout(() => markWindow(performance.now()), o.warmupMs + o.durationMs);
    // Requests outstanding at the end are awaited (the slow backend answers within its latency); this is
    // only the bound for a node that stops answering.
    const hardStop = setTimeout(() => finish(), o.warmupMs + o.durationMs + 30_000);

    function finish() {
      if (finished) return;
      finished = true;
      for (const t of [edge1, edge2, hardStop, ...timers]) clearTimeout(t);
      markWindow(Number.POSITIVE_INFINITY);
      for (const s of sockets) s.destroy();
      // The histogram holds whole timer intervals; less the resolution, that is how late each one was.
      const ns = (v: number) => (Number.isFinite(v) && v > 0 ? Math.max(0, v / 1e6 - LOOP_RESOLUTION_MS) : Number.NaN);
      const ok = okLat.sorted();
      const rejected = rejLat.sorted();
      resolve({
        connections: o.connections,
        durationMs: o.durationMs,
        backoffMs: o.backoffMs,
        byStatus,
        ok: { count: ok.length, latencies: ok, sentAtMs: okAt.values(), inOrder: okLat.values() },
        rejected: { count: rejected.length, latencies: rejected, sentAtMs: rejAt.values(), inOrder: rejLat.values() },
        bad,
        errors,
        firstProblem,
        maxOpen,
        perSecond,
        slowest429,
        generatorCpuUs,
        generatorLoopDelay: {
          p50: ns(loopDelay.percentile(50)),
          p99: ns(loopDelay.percentile(99)),
          max: ns(loopDelay.max),
        },
      });
    }

    const openOne = () => {
      live += 1;
      const connection = connectionSeq++;
      let nth = 0;
      // A thousand connections are many consumers, not one: spread over loopback addresses, as the node's fair
      // shares (one source never holds every slot) count them apart.
      const socket = connect({
        host: '127.0.0.1',
        port,
        noDelay: true,
        localAddress: `127.0.0.${2 + (connection % SOURCES)}`,
      });
      sockets.add(socket);
      let pending: Buffer | null = null;
      let sentAt = 0;
      let closedByUs = false;
      let counted = false;
      const close = () => {
        closedByUs = true;
        socket.end();
        sockets.delete(socket);
        live -= 1;
        if (live === 0) finish();
      };
      const send = () => {
        if (finished) return;
        const now = performance.now();
        if (now >= windowEnd) return close();
        const body = o.body();
        sentAt = now;
        nth += 1;
        socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      socket.once('connect', () => {
        counted = true;
        open += 1;
        maxOpen = Math.max(maxOpen, open);
        send();
      });
      socket.on('data', (chunk: Buffer) => {
        pending = pending ? Buffer.concat([pending, chunk]) : chunk;
        const buf: Buffer = pending;
        const he = buf.indexOf(HEADER_END);
        if (he === -1) return;
        const headText = buf.toString('latin1', 0, he);
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(headText);
        if (!m) {
          bad += 1;
          problem(`answer without Content-Length: ${headText.slice(0, 200)}`);
          return close();
        }
        const total = he + 4 + Number(m[1]);
        if (buf.length < total) return;
        const now = performance.now();
        pending = null;
        const status = Number(headText.slice(9, 12));
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        const wrong = answerProblem(status, headText, buf.toString('utf8', he + 4, total));
        if (wrong !== null) {
          bad += 1;
          problem(wrong);
        } else if (sentAt >= windowStart && sentAt < windowEnd) {
          const latency = now - sentAt;
          const second = Math.min(seconds - 1, Math.floor((sentAt - windowStart) / 1000));
          if (status === 200) {
            okLat.push(latency);
            okAt.push(sentAt - windowStart);
            perSecond.ok[second]! += 1;
          } else {
            rejLat.push(latency);
            rejAt.push(sentAt - windowStart);
            noteSlow({ connection, nth, sentAtMs: sentAt - started, latencyMs: latency });
            perSecond.rejected[second]! += 1;
          }
        }
        markWindow(now);
        if (buf.length > total) {
          bad += 1;
          problem('the node answered more than was asked (bytes after the answer)');
          return close();
        }
        if (status === 429 && o.backoffMs > 0) {
          const t = setTimeout(
            () => {
              timers.delete(t);
              send();
            },
            o.backoffMs * (0.5 + Math.random()),
          );
          timers.add(t);
        } else {
          send();
        }
      });
      socket.on('error', (err) => {
        if (closedByUs || finished) return;
        errors += 1;
        problem(`socket error: ${err.message}`);
      });
      socket.on('close', () => {
        if (counted) open -= 1;
        counted = false;
        if (closedByUs || finished) return;
        sockets.delete(socket);
        errors += 1;
        problem('the node closed a keep-alive connection');
        live -= 1;
        if (performance.now() < windowEnd && reconnects++ < MAX_RECONNECTS) openOne();
        else if (live === 0) finish();
      });
    };

    // Ramp up in steps so the listen backlog never overflows (a dropped SYN costs a 1 s retransmit).
    let opened = 0;
    const ramp = () => {
      const n = Math.min(rampPerTick, o.connections - opened);
      for (let i = 0; i < n; i++) openOne();
      opened += n;
      if (opened < o.connections && !finished) {
        const t = setTimeout(() => {
          timers.delete(t);
          ramp();
        }, 10);
        timers.add(t);
      }
    };
    ramp();
  });
}

/** Percentile (nearest rank) of sorted values; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
}

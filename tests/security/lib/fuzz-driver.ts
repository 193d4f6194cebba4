/**
 * Runs generated cases against a task port with bounded concurrency (keep-alive agent for ordinary
 * requests, fresh sockets for raw ones) and tallies what came back.
 */
import { Agent, request } from 'node:http';
import { judge, type Answer, type KnownBug } from './answer-check';
import { rawExchange } from './raw-http';
import type { AgentCase, FuzzCase, RawCase } from './task-fuzz';

export interface FuzzTally {
  cases: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  problems: string[];
  known: Partial<Record<KnownBug, string[]>>;
  /** Answers for which the node called its backend (200 served, not replayed; 504). */
  served: number;
  rawConnections: number;
  controls: { sent: number; succeeded: number };
  /**
   * Requests sent again after the keep-alive race: the agent reused a socket the node was closing for idleness, so
   * the request never reached it (see sendAgent). A resent task with an id the node had taken would be refused as a
   * replay and counted as a problem, so a resend proves the first try was never served.
   */
  keepAliveResends: number;
  maxLatencyMs: number;
  durationMs: number;
}

export function newTally(): FuzzTally {
  return {
    cases: 0,
    byKind: {},
    byStatus: {},
    byCode: {},
    problems: [],
    known: {},
    served: 0,
    rawConnections: 0,
    controls: { sent: 0, succeeded: 0 },
    keepAliveResends: 0,
    maxLatencyMs: 0,
    durationMs: 0,
  };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

function describeCase(c: FuzzCase): string {
  return `#${c.index} [${c.kind}] ${c.label}`;
}

/**
 * How long any request may wait for its answer, raw or not. The test asks that every request gets a JSON answer, not
 * how fast: an 8 MiB body among 64 busy connections on a loaded 2-core machine took just over 10 s. Speed is the
 * benches' business.
 */
const ANSWER_WITHIN_MS = 30_000;
/** Where the controls are sent from (see runFuzz). */
export const HONEST_ADDRESS = '127.0.0.2';

/** A request that failed on a kept-alive socket before any answer: the race HTTP/1.1 keep-alive has by design. */
class KeepAliveRace extends Error {}

/**
 * One request through the agent. A socket reused from the agent's pool may be closed by the server for idleness just
 * as the request goes out (the agent stops reusing it a second before the server's announced timeout, but a loaded
 * machine runs that timer late): it then fails with ECONNRESET or EPIPE before any answer, having never reached the
 * server. Node's documentation names `reusedSocket` for telling this apart; that failure is a KeepAliveRace.
 */
function sendAgent(agent: Agent, port: number, c: AgentCase, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port, method: c.method, path: c.path, headers: c.headers, agent },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const race = req.reusedSocket && !answered && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      reject(race ? new KeepAliveRace(err.code, { cause: err }) : err);
    });
    req.end(c.body ?? undefined);
  });
}

function parseJson(b: Buffer | null): unknown {
  if (!b || b.length > 16 * 1024 * 1024) return null;
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}

function record(t: FuzzTally, c: FuzzCase, a: Answer, method: string, requestJson: unknown): { health: boolean } {
  bump(t.byStatus, String(a.status));
  const v = judge(c, method, a, requestJson);
  if (v.ok) {
    if (v.served) t.served += 1;
    if (a.status >= 400) {
      const code = (parseJson(a.body) as { error?: { code?: string } } | null)?.error?.code;
      if (code) bump(t.byCode, code);
    }
    return { health: v.health };
  }
  if ('known' in v) {
    (t.known[v.known] ??= []).push(describeCase(c));
    return { health: false };
  }
  t.problems.push(`${describeCase(c)}: ${v.problem}`);
  return { health: false };
}

async function runAgentCase(t: FuzzTally, agent: Agent, port: number, c: AgentCase): Promise<void> {
  const started = Date.now();
  let a: Answer;
  try {
    a = await sendAgent(agent, port, c, ANSWER_WITHIN_MS).catch((err: unknown) => {
      if (!(err instanceof KeepAliveRace)) throw err;
      t.keepAliveResends += 1;
      return sendAgent(agent, port, c, ANSWER_WITHIN_MS);
    });
  } catch (err) {
    t.problems.push(`${describeCase(c)}: no answer (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return;
  }
  t.maxLatencyMs = Math.max(t.maxLatencyMs, Date.now() - started);
  const requestJson = parseJson(c.body);
  record(t, c, a, c.method, requestJson);
  if (c.expect.success) {
    t.controls.sent += 1;
    const o = parseJson(a.body) as { status?: string } | null;
    if (a.status === 200 && (o?.status === 'success' || o?.status === 'encrypted')) t.controls.succeeded += 1;
    else
      t.problems.push(
        `${describeCase(c)}: a valid request was not served (${a.status} ${a.body.toString('utf8').slice(0, 160)})`,
      );
  }
}

async function runRawCase(t: FuzzTally, port: number, c: RawCase): Promise<void> {
  t.rawConnections += 1;
  // With no answer after 5 s, a request the node may still be waiting on (it ends early, or its framing is ambiguous)
  // is half-closed so that it gets its error. Never a complete one: Node's server takes the FIN for a client that went
  // away, drops the request it is still working on and closes without an answer (a busy machine can take that long).
  const mayWait = c.endsEarly === true || c.expect.ambiguous === true;
  const ex = await rawExchange(port, c.data, {
    idleMs: 100,
    timeoutMs: ANSWER_WITHIN_MS,
    halfCloseAfterMs: mayWait ? 5_000 : undefined,
    headFirst: c.method === 'HEAD',
    pauseMs: c.pauseMs,
  });
  t.maxLatencyMs = Math.max(t.maxLatencyMs, ex.durationMs);
  if (ex.responses.length === 0) {
    if (c.meta.connect && !ex.timedOut) (t.known['connect-no-answer'] ??= []).push(describeCase(c));
    else
      t.problems.push(
        `${describeCase(c)}: no answer (closed by server: ${ex.closedByServer}, timed out: ${ex.timedOut}, error: ${ex.error}, ${ex.leftover.length} stray bytes)`,
      );
    return;
  }
  let healthAnswers = 0;
  ex.responses.forEach((res, i) => {
    const { health } = record(t, c, res, i === 0 ? c.method : 'GET', null);
    if (health) healthAnswers += 1;
  });
  if (c.expect.ambiguous) {
    const first = ex.responses[0]!;
    if (![400, 413, 431].includes(first.status))
      t.problems.push(`${describeCase(c)}: ambiguous framing answered ${first.status}, not refused`);
    if (ex.responses.length > 1 || healthAnswers > 0)
      t.problems.push(
        `${describeCase(c)}: ${ex.responses.length} answers on an ambiguous request (smuggled request served: ${healthAnswers > 0})`,
      );
  }
  if (ex.leftover.length > 0 && !ex.timedOut)
    t.problems.push(`${describeCase(c)}: ${ex.leftover.length} bytes after the last answer that are not an answer`);
}

/** Draws `total` cases from `next` (in order: the sequence is the seed's) and runs them `concurrency` at a time. */
export async function runFuzz(
  total: number,
  concurrency: number,
  port: number,
  next: () => FuzzCase,
  every?: { cases: number; run: () => void },
): Promise<FuzzTally> {
  const t = newTally();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  // The controls (valid requests that must be served) come from a second address, as an honest consumer beside the
  // hostile one: from the same address, the node's per-source share of its body budget — held by the fuzz's large
  // bodies — rightly turns them away now and then (429 busy_reading_other_requests). All of 127/8 is loopback on Linux.
  const honest = new Agent({ keepAlive: true, maxSockets: concurrency, localAddress: HONEST_ADDRESS });
  const started = Date.now();
  let drawn = 0;
  const worker = async () => {
    while (drawn < total) {
      drawn += 1;
      const c = next();
      t.cases += 1;
      bump(t.byKind, c.kind);
      if (every && t.cases % every.cases === 0) every.run();
      if (c.transport === 'agent') await runAgentCase(t, c.expect.success ? honest : agent, port, c);
      else await runRawCase(t, port, c);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  honest.destroy();
  t.durationMs = Date.now() - started;
  return t;
}

export function summary(seed: number, t: FuzzTally): string {
  const sorted = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
  const known = Object.entries(t.known)
    .map(([k, v]) => `${k}:${v.length}`)
    .join(' ');
  return [
    `[security] task-port fuzz seed=${seed} (replay with IICP_FUZZ_SEED=${seed})`,
    `  ${t.cases} requests in ${(t.durationMs / 1000).toFixed(1)} s (${Math.round(t.cases / (t.durationMs / 1000))}/s), ${t.rawConnections} over raw sockets, slowest ${t.maxLatencyMs} ms`,
    `  kinds: ${sorted(t.byKind)}`,
    `  statuses: ${sorted(t.byStatus)}`,
    `  codes: ${sorted(t.byCode)}`,
    `  served by the backend: ${t.served}; controls ${t.controls.succeeded}/${t.controls.sent}; sent again after the keep-alive race: ${t.keepAliveResends}`,
    `  known engine bugs hit: ${known || 'none'}`,
    `  problems: ${t.problems.length}`,
    ...t.problems.slice(0, 25).map((p) => `    ${p}`),
  ].join('\n');
}

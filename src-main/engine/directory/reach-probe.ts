/**
 * The directory's instant reachability check, `GET /v1/probe?host&port`: the directory sends `HEAD /iicp/health` to
 * `http://host:port` at once and says whether it got a 2xx, instead of the node waiting up to five minutes for the
 * directory's own rounds. The directory allows 10 a minute per address; the node asks far less often (`ProbeGate`),
 * and an answer asked for again too soon is the last one, with its time. The person reads our sentence and, at most,
 * the directory's code in quotes, and only a plain code exactly as it arrived: whatever else the directory writes
 * (a sentence, a phone number, a code with invisible characters in it) is not shown at all.
 */
import { isIP } from 'node:net';
import type { DirectoryProbe } from '@shared/contract';
import { said } from '@shared/i18n/said';
import type { Said } from '@shared/i18n/said';
import { plainCode } from '@shared/text/foreign-code';
import { directoryCode } from './errors';
import { callDirectory } from './http';

/** The directory dials only plain HTTP on these ports (PHP `ProbeController`: port 1024–65535). */
const MIN_PORT = 1024;
/** The directory's own time is 3 s to connect and 5 s in all; a little more for the way to it and back. */
const PROBE_TIMEOUT_MS = 8_000;

export interface ProbeTarget {
  host: string;
  port: number;
}

/**
 * What the directory can dial of an endpoint, or why it cannot: only `http://` (it never speaks TLS), a port from 1024
 * up, and a host written without brackets.
 */
export function probeTarget(endpoint: string): ProbeTarget | { not: Said } {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return { not: said('network.probe.words.notUrl') };
  }
  if (u.protocol !== 'http:') return { not: said('network.probe.words.httpsOnly') };
  const port = u.port === '' ? 80 : Number(u.port);
  if (port < MIN_PORT)
    return { not: said('network.probe.words.lowPort', { min: String(MIN_PORT), port: String(port) }) };
  const host = u.hostname.startsWith('[') && u.hostname.endsWith(']') ? u.hostname.slice(1, -1) : u.hostname;
  if (isIP(host) === 6) return { not: said('network.probe.words.ipv6') };
  return { host, port };
}

/** Asks the directory at `baseUrl` to dial `endpoint` now; never throws. */
export async function askDirectoryProbe(
  baseUrl: string,
  endpoint: string | null,
  now: () => number,
  fetchImpl?: typeof fetch,
): Promise<DirectoryProbe> {
  const at = new Date(now()).toISOString();
  if (!endpoint) return { at, outcome: 'not_possible', latencyMs: null, words: said('network.probe.words.noAddress') };
  const target = probeTarget(endpoint);
  if ('not' in target) return { at, outcome: 'not_possible', latencyMs: null, words: target.not };
  let r;
  try {
    r = await callDirectory(
      baseUrl,
      {
        method: 'GET',
        route: '/v1/probe',
        query: { host: target.host, port: String(target.port) },
        timeoutMs: PROBE_TIMEOUT_MS,
      },
      fetchImpl,
    );
  } catch {
    return { at, outcome: 'unavailable', latencyMs: null, words: said('network.probe.words.notAsked') };
  }
  if (r.ok) return readAnswer(at, r.body);
  const f = r.failure;
  if (f.status === 429)
    return { at, outcome: 'unavailable', latencyMs: null, words: said('network.probe.words.tooOften') };
  if (f.status === 404 || f.status === 405)
    return { at, outcome: 'not_offered', latencyMs: null, words: said('network.probe.words.notOffered') };
  // PHP `ProbeController` refuses with 422 `{"reachable":false,"latency_ms":null,"error":"private_address"}` (or
  // `unresolvable_host`): the string form, whose code the failure keeps only when it arrived plain.
  if (f.code === 'private_address')
    return {
      at,
      outcome: 'not_possible',
      latencyMs: null,
      words: said('network.probe.words.privateAddress'),
      quoted: f.code,
    };
  if (f.code === 'unresolvable_host')
    return {
      at,
      outcome: 'unreachable',
      latencyMs: null,
      words: said('network.probe.words.unresolvable'),
      quoted: f.code,
    };
  const code = directoryCode(f);
  return {
    at,
    outcome: 'unavailable',
    latencyMs: null,
    words: said('network.probe.words.couldNotCheck'),
    ...(code ? { quoted: code } : {}),
  };
}

function readAnswer(at: string, body: Record<string, unknown>): DirectoryProbe {
  const latency =
    typeof body.latency_ms === 'number' && Number.isFinite(body.latency_ms) && body.latency_ms >= 0
      ? Math.round(body.latency_ms)
      : null;
  if (body.reachable === true)
    return { at, outcome: 'reachable', latencyMs: latency, words: said('network.probe.words.reached') };
  if (body.reachable !== false)
    return { at, outcome: 'unavailable', latencyMs: null, words: said('network.probe.words.unreadable') };
  // PHP sends `timeout`, `connection_refused` or `http_<status>` (curl's own text never leaves the directory).
  const error = plainCode(body.error);
  const http = error === null ? null : /^http_(\d{3})$/.exec(error);
  const words =
    error === 'timeout'
      ? said('network.probe.words.timeout')
      : error === 'connection_refused'
        ? said('network.probe.words.refused')
        : http
          ? said('network.probe.words.httpStatus', { status: http[1]! })
          : said('network.probe.words.unreached');
  return { at, outcome: 'unreachable', latencyMs: null, words, ...(error ? { quoted: error } : {}) };
}

/** How an answer goes in the log: a directory that has no instant check, or cannot dial the address, is no fault. */
export const probeLogLevel = (answer: DirectoryProbe): 'info' | 'warn' =>
  answer.outcome === 'unreachable' || answer.outcome === 'unavailable' ? 'warn' : 'info';

export interface ProbeGateOptions {
  /** The least time between two calls (default 15 s). */
  minGapMs?: number;
  /** The directory asked, read at each call: one that said it has no instant check is not asked again. */
  directory?: () => string;
  /** Each new answer, once (an answer given again is not new). */
  onAnswer?: (answer: DirectoryProbe) => void;
}

/**
 * The node's own limit on the directory's check: one at a time, and no new one within `minGapMs` of the last (the
 * last answer is given again, with its time). The directory's limit of 10 a minute is shared with every other call
 * from the same address, so the node keeps well below it. A directory without the check keeps that answer until
 * another directory is set: asking it again would tell nothing new.
 */
export class ProbeGate {
  private last: DirectoryProbe | null = null;
  private lastAt = -Infinity;
  /** The directory the last answer came from. */
  private lastFrom: string | null = null;
  private running: Promise<DirectoryProbe> | null = null;
  private readonly minGapMs: number;

  constructor(
    private readonly ask: () => Promise<DirectoryProbe>,
    private readonly now: () => number,
    private readonly opts: ProbeGateOptions = {},
  ) {
    this.minGapMs = opts.minGapMs ?? 15_000;
  }

  /** The latest answer, or null before the first. */
  get latest(): DirectoryProbe | null {
    return this.last;
  }

  probe(): Promise<DirectoryProbe> {
    if (this.running) return this.running;
    const directory = this.opts.directory?.() ?? '';
    if (this.last && this.now() - this.lastAt < this.minGapMs) return Promise.resolve(this.last);
    if (this.last?.outcome === 'not_offered' && this.lastFrom === directory) return Promise.resolve(this.last);
    this.lastAt = this.now();
    this.running = this.ask()
      .then((answer) => {
        this.last = answer;
        this.lastFrom = directory;
        this.opts.onAnswer?.(answer);
        return answer;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}

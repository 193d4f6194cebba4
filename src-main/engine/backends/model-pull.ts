/**
 * Pulling a model onto an Ollama server (`POST /api/pull`, streamed): only on the person's click, one at a time,
 * cancellable. Ollama answers with one JSON object per line — `{"status":"pulling manifest"}`, then per layer
 * `{"status":"pulling <digest>","digest","total","completed"}`, then `verifying sha256 digest`, `writing manifest`,
 * `success` — and reports a failure after the stream began as an `{"error":"…"}` line. Every line is capped, and
 * what Ollama says is kept only as cleaned, short quoted text. How far the pull is, layer by layer, is counted by
 * `PullProgress` (pull-progress.ts), so the figure shown never goes back.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { PullInfo } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { cleanForeignText } from '@shared/text/foreign-text';
import type { TimerFns } from '../net';
import { bearerHeaders } from './http';
import { PullProgress } from './pull-progress';
import { backendRoot } from './urls';

/** A status line is a few hundred bytes; a longer one is not Ollama's. */
const MAX_LINE_BYTES = 64 * 1024;
/** Each layer reports its progress a few times a second: a pull of many gigabytes stays far below this. */
const MAX_STREAM_BYTES = 64 * 1024 * 1024;
/** Nothing heard for this long: the pull is taken for stuck. */
const IDLE_MS = 5 * 60_000;
/** Progress reaches the pages at most this often. */
const TELL_EVERY_MS = 250;

export interface ModelPullerOptions {
  /** The pull's state changed (progress at most every 250 ms). */
  onChange: () => void;
  /** A pull ended with success on `server`: it lists the model now. */
  onPulled: (server: string) => void;
  now?: () => number;
  /** The timer that gathers progress for the pages; tests pass one that tells at once. */
  timers?: TimerFns;
}

/** Timers that do not keep the process alive: a pull's next report never holds up an exit. */
const unrefTimers: TimerFns = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ModelPuller {
  private state: PullInfo | null = null;
  private progress = new PullProgress();
  private req: ClientRequest | null = null;
  private tellTimer: unknown = null;
  private readonly now: () => number;
  private readonly timers: TimerFns;

  constructor(private readonly o: ModelPullerOptions) {
    this.now = o.now ?? Date.now;
    this.timers = o.timers ?? unrefTimers;
  }

  get info(): PullInfo | null {
    return this.state;
  }

  get running(): boolean {
    return this.state?.state === 'running';
  }

  /** Starts pulling `model` onto the Ollama server at `url` (one pull at a time: the caller checks `running`). */
  start(server: { id: string; url: string }, apiKey: string | null, model: string): void {
    if (this.running) throw new Error('a pull is already running');
    this.progress = new PullProgress();
    this.state = {
      server: server.id,
      model,
      state: 'running',
      status: null,
      completed: null,
      total: null,
      fraction: null,
      words: said('dashboard.pull.pulling', { model }),
      startedAt: new Date(this.now()).toISOString(),
    };
    this.o.onChange();
    const url = new URL(`${backendRoot(server.url)}/api/pull`);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = JSON.stringify({ model, stream: true });
    const req = send(url, {
      method: 'POST',
      agent: false,
      timeout: IDLE_MS,
      headers: {
        'content-type': 'application/json',
        accept: 'application/x-ndjson',
        'content-length': Buffer.byteLength(body),
        ...bearerHeaders(apiKey),
      },
    });
    this.req = req;
    req.on('response', (res) => this.read(req, res));
    req.on('timeout', () => this.end(req, 'failed', said('dashboard.pull.silent')));
    req.on('error', () => this.end(req, 'failed', said('dashboard.pull.unreachable')));
    req.end(body);
  }

  /** Stops the pull under way; false when none runs. */
  cancel(): boolean {
    if (!this.running || !this.req) return false;
    this.end(this.req, 'cancelled', said('dashboard.pull.stopped'));
    return true;
  }

  stop(): void {
    if (this.req) this.req.destroy();
    this.req = null;
    if (this.tellTimer !== null) this.timers.clearTimeout(this.tellTimer);
    this.tellTimer = null;
  }

  private read(req: ClientRequest, res: IncomingMessage): void {
    const ok = res.statusCode === 200;
    let pending = '';
    let seen = 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (this.req !== req) return;
      seen += Buffer.byteLength(chunk);
      if (seen > MAX_STREAM_BYTES) return this.end(req, 'failed', said('dashboard.pull.tooMuch'));
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0 && this.req === req) {
        this.line(req, pending.slice(0, nl), ok);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (Buffer.byteLength(pending) > MAX_LINE_BYTES) this.end(req, 'failed', said('dashboard.pull.lineTooLong'));
    });
    res.on('end', () => {
      if (this.req !== req) return;
      if (pending.trim() !== '') this.line(req, pending, ok);
      if (this.req !== req) return;
      if (!ok) this.end(req, 'failed', said('dashboard.pull.refusedHttp', { status: res.statusCode ?? 0 }));
      else this.end(req, 'failed', said('dashboard.pull.endedUnsure'));
    });
    res.on('error', () => this.end(req, 'failed', said('dashboard.pull.broke')));
  }

  private line(req: ClientRequest, text: string, ok: boolean): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
    const o = v as Record<string, unknown>;
    const s = this.state!;
    if (typeof o.error === 'string') {
      s.status = cleanForeignText(o.error, 160) || null;
      return this.end(req, 'failed', ok ? said('dashboard.pull.notFinished') : said('dashboard.pull.refused'));
    }
    let status: string | null = null;
    if (typeof o.status === 'string') {
      status = cleanForeignText(o.status, 80);
      if (status === 'success') {
        s.status = status;
        return this.end(req, 'done', said('dashboard.pull.done', { model: s.model }));
      }
      s.status = status || null;
    }
    // Each layer is counted under its digest (or, without one, its status line), all of them together on screen.
    this.progress.report(typeof o.digest === 'string' ? o.digest : (status ?? ''), o.completed, o.total);
    Object.assign(s, this.progress.figures);
    this.tellSoon();
  }

  private end(req: ClientRequest, state: PullInfo['state'], words: Said): void {
    if (this.req !== req || !this.state) return;
    this.req = null;
    req.destroy();
    this.state = { ...this.state, state, words };
    if (this.tellTimer !== null) this.timers.clearTimeout(this.tellTimer);
    this.tellTimer = null;
    this.o.onChange();
    if (state === 'done') this.o.onPulled(this.state.server);
  }

  private tellSoon(): void {
    if (this.tellTimer !== null) return;
    this.tellTimer = this.timers.setTimeout(() => {
      this.tellTimer = null;
      if (this.state) this.state = { ...this.state };
      this.o.onChange();
    }, TELL_EVERY_MS);
  }
}

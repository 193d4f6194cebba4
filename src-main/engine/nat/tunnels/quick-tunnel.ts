import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';
import { startCloudflared, type CloudflaredRun } from './cloudflared-process';
import { findExecutable } from './find-executable';
import { TunnelGuard, type GuardWait } from './tunnel-guard';
import { probePublicHealth } from '../public-health';
import { QuickTunnelReport } from './quick-tunnel-report';
import { verifyQuickTunnel } from './quick-tunnel-verify';
import { waitWords } from './wait-words';
import {
  QUICK_TUNNEL_TIMINGS,
  type QuickTunnelOptions,
  type QuickTunnelStatus,
  type QuickTunnelTimings,
} from './quick-tunnel-options';

const HEALTH_FAILURES_BEFORE_REBUILD = 2;
const FAILED_ATTEMPTS_BEFORE_DEAD = 3;

/**
 * An accountless Cloudflare quick tunnel kept alive for as long as the app runs: created within the host-wide
 * limits, reported only once its public address reaches this node, watched every 30 s, rebuilt when it stops
 * answering, and retried with growing pauses when it keeps failing (a desktop app never gives up).
 *
 * One creation at a time: every timer goes through `attempt()`, which does nothing while another is running.
 */
export class QuickTunnel {
  /** cloudflared on PATH (Windows: cloudflared.exe or .cmd; macOS: also the Homebrew folders), or null. */
  static findBinary(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
    return findExecutable('cloudflared', env, platform);
  }

  private url: string | null = null;
  private nextAttemptAt: number | null = null;
  private lastError: Said | null = null;
  private respawns = 0;
  private deadEpisodes = 0;
  private healthFailures = 0;
  private current: CloudflaredRun | null = null;
  /** Every cloudflared started and not yet exited, so stop() can end each one. */
  private readonly runs = new Set<CloudflaredRun>();
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private readonly cancel = new AbortController();
  private readonly t: QuickTunnelTimings;
  private readonly guard: TunnelGuard;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  /** Its state, its steps and its address, as told to the owner. */
  private readonly report: QuickTunnelReport;

  constructor(private readonly o: QuickTunnelOptions) {
    this.t = { ...QUICK_TUNNEL_TIMINGS, ...o.timings };
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.guard = new TunnelGuard({ stateDir: o.stateDir, now: this.now, timings: this.t });
    this.report = new QuickTunnelReport(o, this.now, () => this.stopped);
  }

  get status(): QuickTunnelStatus {
    const state = this.report.state;
    return {
      state,
      url: state === 'up' ? this.url : null,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      respawns: this.respawns,
      steps: this.report.lastSteps(),
    };
  }

  /**
   * Makes the first attempt; resolves when it is up, or has failed or been told to wait (then it carries on by itself).
   */
  start(): Promise<void> {
    if (this.report.state !== 'idle')
      return Promise.reject(new Error(`quick tunnel cannot start from state ${this.report.state}`));
    return this.attempt();
  }

  /** Ends cloudflared (and anything it started), clears every timer, and withdraws the address. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private get stopped(): boolean {
    return this.stopping !== null;
  }

  private async doStop(): Promise<void> {
    this.cancel.abort();
    this.clearTimer();
    const running = [...this.runs];
    await Promise.all(running.map((r) => r.stop(this.t.stopGraceMs)));
    // An attempt in flight returns promptly once its cloudflared is gone; wait so its creation lock is given back.
    if (this.inflight) await this.inflight;
    this.current = null;
    this.url = null;
    this.report.step(said(running.length > 0 ? 'tunnel.quick.stopped' : 'tunnel.quick.stoppedNothing'));
    this.report.setState('stopped', true);
    this.o.log(
      'info',
      'quick_tunnel_stopped',
      running.length > 0 ? `ended ${running.length} cloudflared process(es)` : 'nothing running',
    );
    this.report.address(null, said('tunnel.reason.stopped'));
  }

  private attempt(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.inflight) return this.inflight;
    const p = this.createOnce().finally(() => {
      if (this.inflight === p) this.inflight = null;
    });
    this.inflight = p;
    return p;
  }

  private async createOnce(): Promise<void> {
    this.clearTimer();
    let lease;
    try {
      lease = this.guard.begin();
    } catch (err) {
      // Without its files the host-wide limits cannot be kept, and creating anyway could get this network blocked.
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      this.failed(said('tunnel.quick.limitsUnwritable', { folder: this.o.stateDir, code }), null);
      return;
    }
    if (!('release' in lease)) {
      this.waitFor(lease);
      return;
    }

    this.report.setState('starting');
    this.report.step(said('tunnel.quick.startingPort', { port: String(this.o.port) }));
    this.o.log('info', 'quick_tunnel_starting', `port ${this.o.port}, attempt ${this.respawns + 1}`);
    const run = startCloudflared({
      binary: this.o.binary,
      port: this.o.port,
      startTimeoutMs: this.t.startTimeoutMs,
      env: this.o.env,
    });
    this.runs.add(run);
    void run.exited.then(() => this.runs.delete(run));
    this.current = run;
    let outcome;
    try {
      outcome = await run.outcome;
    } finally {
      lease.release();
    }
    if (this.stopped) return;
    if (!outcome.ok) {
      await run.stop(this.t.stopGraceMs);
      if (run.flooded) return this.switchOff(run.flooded);
      if (outcome.rateLimited) {
        const until = this.guard.markRateLimited();
        this.o.log('warn', 'quick_tunnel_rate_limited', `cool-down until ${new Date(until).toISOString()}`);
      }
      this.failed(outcome.message, outcome.lastLine);
      return;
    }

    const url = outcome.url;
    this.report.setState('verifying');
    this.report.step(said('tunnel.quick.opened', { url }));
    const check = await verifyQuickTunnel(url, run, {
      timings: this.t,
      reachProof: this.o.reachProof,
      fetchImpl: this.fetchImpl,
      signal: this.cancel.signal,
      stopped: () => this.stopped,
    });
    if (this.stopped) return;
    if (!check.ok) {
      await run.stop(this.t.stopGraceMs);
      if (run.flooded) return this.switchOff(run.flooded);
      this.failed(
        said('tunnel.quick.notVerified', { url, wait: waitWords(this.t.verifyTimeoutMs), reason: check.reason }),
        null,
      );
      return;
    }

    this.url = url;
    this.respawns = 0;
    this.deadEpisodes = 0;
    this.healthFailures = 0;
    this.lastError = null;
    this.nextAttemptAt = null;
    this.report.setState('up');
    this.report.step(said('tunnel.quick.up', { url }));
    this.o.log('info', 'quick_tunnel_up', url);
    void run.exited.then(() => {
      if (this.current !== run || this.report.state !== 'up' || this.stopped) return;
      if (run.flooded) this.switchOff(run.flooded);
      else void this.lost(said('tunnel.cloudflared.stoppedUnexpectedly'));
    });
    this.report.address(url, said('tunnel.reason.newAnswers'));
    this.scheduleHealthCheck();
  }

  private async checkHealth(): Promise<void> {
    const url = this.url;
    if (this.stopped || this.report.state !== 'up' || !url) return;
    const r = await probePublicHealth(url, this.fetchImpl, this.t.healthTimeoutMs, this.cancel.signal);
    if (this.stopped || this.report.state !== 'up' || this.url !== url) return;
    if (r.ok) {
      if (this.healthFailures > 0) this.report.step(said('tunnel.quick.answersAgain', { url }));
      this.healthFailures = 0;
      this.scheduleHealthCheck();
      return;
    }
    this.healthFailures += 1;
    this.report.step(said('tunnel.quick.healthFailed', { url, reason: r.reason, count: this.healthFailures }));
    this.o.log('warn', 'quick_tunnel_health_failed', `${r.why} (${this.healthFailures} in a row)`);
    if (this.healthFailures >= HEALTH_FAILURES_BEFORE_REBUILD) {
      await this.lost(r.reason);
      return;
    }
    this.scheduleHealthCheck();
  }

  /** The working tunnel is gone: withdraw its address at once, end its cloudflared, and build a new one. */
  private async lost(reason: Said): Promise<void> {
    const old = this.url;
    this.clearTimer();
    this.url = null;
    this.healthFailures = 0;
    this.report.setState('recovering');
    this.report.step(
      old ? said('tunnel.quick.lost', { url: old, reason }) : said('tunnel.quick.lostNoUrl', { reason }),
    );
    this.o.log('warn', 'quick_tunnel_down', english.said(reason));
    this.report.address(null, said('tunnel.reason.stoppedWorking', { reason }));
    const run = this.current;
    this.current = null;
    if (run) await run.stop(this.t.stopGraceMs);
    if (this.stopped) return;
    await this.attempt();
  }

  /** cloudflared printed far more than a tunnel needs: its address is withdrawn, and none is made for `floodOffMs`. */
  private switchOff(message: Said): void {
    const old = this.url;
    this.clearTimer();
    this.url = null;
    this.current = null;
    this.respawns = 0;
    this.healthFailures = 0;
    this.lastError = said('tunnel.quick.switchedOff', { why: message, wait: waitWords(this.t.floodOffMs) });
    this.report.step(this.lastError);
    this.o.log('warn', 'quick_tunnel_off', `off_ms=${this.t.floodOffMs} ${english.said(message)}.`);
    this.scheduleAttemptAt(this.now() + this.t.floodOffMs);
    this.report.setState('off');
    this.o.onSwitchedOff?.(this.now() + this.t.floodOffMs, message);
    if (old) this.report.address(null, message);
  }

  private failed(message: Said, lastLine: string | null): void {
    this.respawns += 1;
    this.lastError = message;
    this.current = null;
    this.report.step(message);
    const inEnglish = english.said(message);
    this.o.log(
      'warn',
      'quick_tunnel_failed',
      lastLine ? `${inEnglish} Last cloudflared output: ${lastLine}` : inEnglish,
    );
    if (this.stopped) return;
    if (this.respawns >= FAILED_ATTEMPTS_BEFORE_DEAD) {
      const delay = Math.min(this.t.deadBackoffInitialMs * 2 ** this.deadEpisodes, this.t.deadBackoffMaxMs);
      this.deadEpisodes += 1;
      this.scheduleAttemptAt(this.now() + delay, () => {
        this.respawns = 0;
      });
      this.report.setState('dead');
      this.report.step(said('tunnel.quick.dead', { count: this.respawns, wait: waitWords(delay) }));
      this.o.log(
        'error',
        'quick_tunnel_dead',
        `${this.respawns} failed attempts; next try in ${english.said(waitWords(delay))}`,
      );
      return;
    }
    // The next try goes through the host-wide limits, which space it out (or hold it through a cool-down).
    const wait = this.guard.blocked();
    if (wait) this.waitFor(wait);
    else this.scheduleAttemptAt(this.now());
  }

  private waitFor(wait: GuardWait): void {
    const at = wait.untilMs + this.random() * this.t.jitterMaxMs;
    const delay = Math.max(0, at - this.now());
    const when = waitWords(delay);
    this.scheduleAttemptAt(at);
    if (wait.reason === 'cooldown') {
      this.report.setState('cooling_down');
      this.report.step(said('tunnel.quick.coolingDown', { wait: when }));
    } else {
      this.report.setState('waiting');
      this.report.step(
        said(wait.reason === 'spacing' ? 'tunnel.quick.spacing' : 'tunnel.quick.otherProgram', { wait: when }),
      );
    }
    this.o.log('info', 'quick_tunnel_waiting', `${wait.reason}, ${english.said(when)}`);
  }

  /** The next creation attempt at `atMs`; `nextAttemptAt` tells when. Set before the state that announces it. */
  private scheduleAttemptAt(atMs: number, before?: () => void): void {
    if (this.stopped) return;
    this.setTimer(Math.max(0, atMs - this.now()), () => {
      before?.();
      void this.attempt();
    });
    this.nextAttemptAt = atMs;
  }

  private scheduleHealthCheck(): void {
    this.setTimer(this.t.healthIntervalMs, () => void this.checkHealth());
  }

  private setTimer(delayMs: number, fn: () => void): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      fn();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }
}

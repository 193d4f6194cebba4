import { setTimeout as sleep } from 'node:timers/promises';
import { startCloudflared, type CloudflaredRun } from './cloudflared-process';
import { findExecutable } from './find-executable';
import { TunnelGuard, type GuardWait } from './tunnel-guard';
import { probePublicHealth, type HealthResult } from '../public-health';
import { probeReach } from '../../net';
import { QUICK_TUNNEL_TIMINGS, type QuickTunnelOptions, type QuickTunnelState, type QuickTunnelStatus, type QuickTunnelTimings } from './quick-tunnel-options';

const HEALTH_FAILURES_BEFORE_REBUILD = 2;
const FAILED_ATTEMPTS_BEFORE_DEAD = 3;
const MAX_STEPS = 50;

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

  private stateValue: QuickTunnelState = 'idle';
  private url: string | null = null;
  /** The address last given to onUrl and not yet withdrawn. */
  private reported: string | null = null;
  private nextAttemptAt: number | null = null;
  private lastError: string | null = null;
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
  private readonly steps: string[] = [];
  private readonly t: QuickTunnelTimings;
  private readonly guard: TunnelGuard;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly o: QuickTunnelOptions) {
    this.t = { ...QUICK_TUNNEL_TIMINGS, ...o.timings };
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.guard = new TunnelGuard({ stateDir: o.stateDir, now: this.now, timings: this.t });
  }

  get status(): QuickTunnelStatus {
    return {
      state: this.stateValue,
      url: this.stateValue === 'up' ? this.url : null,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      respawns: this.respawns,
      steps: [...this.steps],
    };
  }

  /** Makes the first attempt; resolves when it is up, or has failed or been told to wait (then it carries on by itself). */
  start(): Promise<void> {
    if (this.stateValue !== 'idle') return Promise.reject(new Error(`quick tunnel cannot start from state ${this.stateValue}`));
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
    this.step(running.length > 0 ? 'Stopped the quick tunnel.' : 'Stopped; no quick tunnel was running.');
    this.setState('stopped', true);
    this.o.log('info', 'quick_tunnel_stopped', running.length > 0 ? `ended ${running.length} cloudflared process(es)` : 'nothing running');
    this.report(null, 'the quick tunnel was stopped');
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
      this.failed(`The folder for the tunnel limits (${this.o.stateDir}) cannot be written (${code}), so no quick tunnel is created.`, null);
      return;
    }
    if (!('release' in lease)) {
      this.waitFor(lease);
      return;
    }

    this.setState('starting');
    this.step(`Starting cloudflared for a quick tunnel to port ${this.o.port}.`);
    this.o.log('info', 'quick_tunnel_starting', `port ${this.o.port}, attempt ${this.respawns + 1}`);
    const run = startCloudflared({ binary: this.o.binary, port: this.o.port, startTimeoutMs: this.t.startTimeoutMs, env: this.o.env });
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
    this.setState('verifying');
    this.step(`cloudflared opened ${url}; checking that it reaches this node from the internet.`);
    const check = await this.verify(url, run);
    if (this.stopped) return;
    if (!check.ok) {
      await run.stop(this.t.stopGraceMs);
      if (run.flooded) return this.switchOff(run.flooded);
      this.failed(`The new address ${url} did not reach this node within ${seconds(this.t.verifyTimeoutMs)} (${check.why}).`, null);
      return;
    }

    this.url = url;
    this.respawns = 0;
    this.deadEpisodes = 0;
    this.healthFailures = 0;
    this.lastError = null;
    this.nextAttemptAt = null;
    this.setState('up');
    this.step(`The quick tunnel ${url} reaches this node.`);
    this.o.log('info', 'quick_tunnel_up', url);
    void run.exited.then(() => {
      if (this.current !== run || this.stateValue !== 'up' || this.stopped) return;
      if (run.flooded) this.switchOff(run.flooded);
      else void this.lost('cloudflared stopped unexpectedly');
    });
    this.report(url, 'a new quick tunnel answers its health check');
    this.scheduleHealthCheck();
  }

  /** Retries the public health check until it answers or the time is up; cloudflared ending cuts it short. */
  private async verify(url: string, run: CloudflaredRun): Promise<HealthResult> {
    const started = performance.now();
    let last: HealthResult = { ok: false, why: 'no answer yet' };
    for (;;) {
      if (this.stopped) return { ok: false, why: 'stopped' };
      if (run.hasExited) return { ok: false, why: 'cloudflared stopped' };
      const left = this.t.verifyTimeoutMs - (performance.now() - started);
      if (left <= 0) return last;
      const budget = Math.max(50, Math.min(this.t.healthTimeoutMs, left));
      last = this.o.reachProof
        ? await probeReach(url, this.o.reachProof, this.fetchImpl, budget, this.cancel.signal)
        : await probePublicHealth(url, this.fetchImpl, budget, this.cancel.signal);
      if (last.ok) return last;
      const pause = Math.min(this.t.verifyRetryMs, this.t.verifyTimeoutMs - (performance.now() - started));
      if (pause > 0) {
        try {
          await sleep(pause, undefined, { signal: this.cancel.signal });
        } catch {
          return { ok: false, why: 'stopped' };
        }
      }
    }
  }

  private async checkHealth(): Promise<void> {
    const url = this.url;
    if (this.stopped || this.stateValue !== 'up' || !url) return;
    const r = await probePublicHealth(url, this.fetchImpl, this.t.healthTimeoutMs, this.cancel.signal);
    if (this.stopped || this.stateValue !== 'up' || this.url !== url) return;
    if (r.ok) {
      if (this.healthFailures > 0) this.step(`The quick tunnel ${url} answers again.`);
      this.healthFailures = 0;
      this.scheduleHealthCheck();
      return;
    }
    this.healthFailures += 1;
    this.step(`The quick tunnel ${url} did not answer its health check: ${r.why} (${this.healthFailures} in a row).`);
    this.o.log('warn', 'quick_tunnel_health_failed', `${r.why} (${this.healthFailures} in a row)`);
    if (this.healthFailures >= HEALTH_FAILURES_BEFORE_REBUILD) {
      await this.lost(r.why);
      return;
    }
    this.scheduleHealthCheck();
  }

  /** The working tunnel is gone: withdraw its address at once, end its cloudflared, and build a new one. */
  private async lost(reason: string): Promise<void> {
    const old = this.url;
    this.clearTimer();
    this.url = null;
    this.healthFailures = 0;
    this.setState('recovering');
    this.step(`The quick tunnel${old ? ` ${old}` : ''} stopped working (${reason}); the node is reported unavailable while a new tunnel is built.`);
    this.o.log('warn', 'quick_tunnel_down', reason);
    this.report(null, `the quick tunnel stopped working: ${reason}`);
    const run = this.current;
    this.current = null;
    if (run) await run.stop(this.t.stopGraceMs);
    if (this.stopped) return;
    await this.attempt();
  }

  /** cloudflared printed far more than a tunnel needs: its address is withdrawn, and none is made for `floodOffMs`. */
  private switchOff(message: string): void {
    const old = this.url;
    this.clearTimer();
    this.url = null;
    this.current = null;
    this.respawns = 0;
    this.healthFailures = 0;
    this.lastError = `${message.replace(/\.$/, '')}, so the quick tunnel is switched off for ${seconds(this.t.floodOffMs)}; the node goes on without it.`;
    this.step(this.lastError);
    this.o.log('warn', 'quick_tunnel_off', `off_ms=${this.t.floodOffMs} ${message}`);
    this.scheduleAttemptAt(this.now() + this.t.floodOffMs);
    this.setState('off');
    this.o.onSwitchedOff?.(this.now() + this.t.floodOffMs, message);
    if (old) this.report(null, 'cloudflared printed far more than a tunnel needs');
  }

  private failed(message: string, lastLine: string | null): void {
    this.respawns += 1;
    this.lastError = message;
    this.current = null;
    this.step(message);
    this.o.log('warn', 'quick_tunnel_failed', lastLine ? `${message} Last cloudflared output: ${lastLine}` : message);
    if (this.stopped) return;
    if (this.respawns >= FAILED_ATTEMPTS_BEFORE_DEAD) {
      const delay = Math.min(this.t.deadBackoffInitialMs * 2 ** this.deadEpisodes, this.t.deadBackoffMaxMs);
      this.deadEpisodes += 1;
      this.scheduleAttemptAt(this.now() + delay, () => {
        this.respawns = 0;
      });
      this.setState('dead');
      this.step(`${this.respawns} attempts in a row gave no working quick tunnel; trying again in ${seconds(delay)}.`);
      this.o.log('error', 'quick_tunnel_dead', `${this.respawns} failed attempts; next try in ${seconds(delay)}`);
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
    const when = seconds(delay);
    this.scheduleAttemptAt(at);
    if (wait.reason === 'cooldown') {
      this.setState('cooling_down');
      this.step(`Cloudflare asked this network to slow down creating quick tunnels; the next one is tried in ${when}.`);
    } else {
      this.setState('waiting');
      this.step(
        wait.reason === 'spacing'
          ? `A quick tunnel was created on this computer moments ago; the next may be created in ${when}, to stay within Cloudflare's limits.`
          : `Another program on this computer is creating a quick tunnel; trying again in ${when}.`,
      );
    }
    this.o.log('info', 'quick_tunnel_waiting', `${wait.reason}, ${when}`);
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

  private report(url: string | null, reason: string): void {
    if (url === null) {
      if (this.reported === null) return;
      this.reported = null;
    } else {
      this.reported = url;
    }
    try {
      this.o.onUrl(url, reason);
    } catch {
      // The tunnel's own bookkeeping must not depend on what a listener does.
    }
  }

  private setState(next: QuickTunnelState, final = false): void {
    if (this.stopped && !final) return;
    if (this.stateValue === next) return;
    this.stateValue = next;
    this.changed();
  }

  private step(line: string): void {
    this.steps.push(`${new Date(this.now()).toISOString()} ${line}`);
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
    this.changed();
  }

  private changed(): void {
    try {
      this.o.onChange();
    } catch {
      // As in report().
    }
  }
}

function seconds(ms: number): string {
  if (ms >= 90_000) return `${Math.round(ms / 60_000)} min`;
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}

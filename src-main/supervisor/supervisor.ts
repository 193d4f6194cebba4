/**
 * Runs the engine in its own process and keeps it running: a crash or a freeze (no answer to the heartbeat) ends in
 * a restart after a short back-off, and too many in a minute end in a plain-words problem instead of a loop. The
 * host (Electron shell or headless host) talks to the engine only through here: commands, the last snapshot (with
 * the process's own state in it), events, notices and settings; and it serves what only it can do for the engine
 * (secrets in the OS key store, power source and idle time).
 *
 * Never two engines on one data folder: a new engine process is launched only after the previous one has exited
 * (a frozen one is killed first), and the engine's own node lock stays the arbiter against other programs.
 */
import { EventEmitter } from 'node:events';
import { isNodeSnapshot } from '@shared/contract/node';
import type { EngineCommandName, EngineEvent, EngineProcessInfo, Notice, NodeSnapshot, Result, Settings } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import type { HostConditions } from '@engine/availability/policy';
import { SECRET_NAMES, type SecretStore } from '@engine/identity/secret-store';
import { START_FAILURE_TITLES } from '../engine-process/start-failure';
import type { Channel } from './channel';
import {
  ENGINE_EXIT,
  isEngineMessage,
  type EngineMessage,
  type EngineNodeOptions,
  type HostConditionsValue,
  type HostMessage,
  type SecretsFromHost,
  type StartFailureKind,
} from './protocol';
import { DEFAULT_RESTART_POLICY, RestartPolicy, type RestartPolicyOptions } from './restart-policy';

/** One engine process, however it was started (fork, utilityProcess, a test's fake). */
export interface EngineProcess {
  readonly pid: number | null;
  readonly channel: Channel<HostMessage, unknown>;
  /** Ends it at once (SIGKILL): for a process that no longer answers. */
  kill(): void;
  /** Settles once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

export type LaunchEngine = () => EngineProcess;

export interface SupervisorTimings {
  /** How often the host pings the engine. */
  heartbeatMs: number;
  /** No answer for this long from a started engine: it is frozen, and is killed and restarted. */
  unresponsiveMs: number;
  /** How long a new engine process may take to answer its first ping and then to start. */
  startTimeoutMs: number;
  /** How long a clean stop may take (draining tasks, removing router mappings) before the process is killed. */
  stopTimeoutMs: number;
  /** How often power source and idle time are passed on (the desktop app). */
  conditionsMs: number;
}

export const DEFAULT_TIMINGS: SupervisorTimings = {
  heartbeatMs: 1_000,
  unresponsiveMs: 4_000,
  startTimeoutMs: 60_000,
  stopTimeoutMs: 20_000,
  conditionsMs: 5_000,
};

export interface SupervisorOptions {
  launch: LaunchEngine;
  node: EngineNodeOptions;
  /** The desktop app's OS-key-store secrets, served to the engine; absent headless (the engine uses its own file). */
  secrets?: SecretStore | null;
  /** Power source and idle time, from the desktop; absent headless. */
  conditions?: HostConditions | null;
  onStartAtLoginChosen?: (enabled: boolean) => void;
  timings?: Partial<SupervisorTimings>;
  restartPolicy?: RestartPolicyOptions;
  now?: () => number;
  /** One plain line per thing a person running the host should know (e.g. stderr). */
  log?: (line: string) => void;
  /** Adds what the host knows to every snapshot passed on (e.g. the app's update status). */
  decorate?: (snapshot: NodeSnapshot) => NodeSnapshot;
}

/** The first engine of this host could not start; `kind` says whether trying again could help. */
export class EngineStartError extends Error {
  constructor(
    readonly kind: StartFailureKind,
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineStartError';
  }
}

type Phase = 'idle' | 'starting' | 'running' | 'waiting' | 'failed' | 'stopping' | 'stopped';

interface Running {
  proc: EngineProcess;
  ready: boolean;
  lastPongAt: number | null;
  launchedAt: number;
  seq: number;
  /** Why the host ended it, if it did (a freeze); else its exit was unexpected. */
  endedBecause: string | null;
  fatal: Extract<EngineMessage, { t: 'fatal' }> | null;
}

/** A beat this many intervals late means the host was not running (sleep, a blocked main thread), not the engine. */
const HOST_STALL_FACTOR = 2.5;

/** How long a starting engine may be silent (Node loading the bundle on a busy machine, a long migration). */
const STARTING_SILENCE_MS = 15_000;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class EngineSupervisor {
  private readonly timings: SupervisorTimings;
  private readonly policy: RestartPolicy;
  private readonly now: () => number;
  private readonly emitter = new EventEmitter();
  private phase: Phase = 'idle';
  private current: Running | null = null;
  private restarts = 0;
  private info: EngineProcessInfo;
  private snapshot: NodeSnapshot | null = null;
  private settings: Settings | null = null;
  private version = 0;
  private nextCallId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastBeatAt = 0;
  private conditionsTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private firstStart: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private stopping: Promise<void> | null = null;
  /** Why the next engine starts: said once by it in its own log. */
  private restartReason: string | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.policy = new RestartPolicy(options.restartPolicy ?? DEFAULT_RESTART_POLICY);
    this.now = options.now ?? Date.now;
    this.emitter.setMaxListeners(0);
    this.info = { state: 'running', restarts: 0, message: null, since: new Date(this.now()).toISOString(), pid: null };
  }

  /** Launches the engine; resolves once it runs, rejects with `EngineStartError` when the first start fails. */
  start(): Promise<void> {
    if (this.phase !== 'idle') throw new Error('the supervisor was already started');
    const started = new Promise<void>((resolve, reject) => {
      this.firstStart = { resolve, reject };
    });
    this.launch();
    this.heartbeat = setInterval(() => this.beat(), this.timings.heartbeatMs);
    this.heartbeat.unref();
    if (this.options.conditions) {
      this.conditionsTimer = setInterval(() => this.sendConditions(), this.timings.conditionsMs);
      this.conditionsTimer.unref();
    }
    return started;
  }

  /** The engine process as the person should see it (also in every snapshot). */
  processInfo(): EngineProcessInfo {
    return { ...this.info };
  }

  /** The last snapshot, with the process's state and the host's additions. Null until the engine first ran. */
  getSnapshot(): NodeSnapshot | null {
    return this.snapshot;
  }

  getSettings(): Settings | null {
    return this.settings;
  }

  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void {
    return this.on('snapshot', listener);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    return this.on('event', listener);
  }

  onNotice(listener: (notice: Notice) => void): () => void {
    return this.on('notice', listener);
  }

  /** Whenever the person's settings changed (and once when an engine starts). */
  onSettings(listener: (settings: Settings) => void): () => void {
    return this.on('settings', listener);
  }

  /** Whenever the process's state changes (running, restarting, failed). */
  onProcessChange(listener: (info: EngineProcessInfo) => void): () => void {
    return this.on('process', listener);
  }

  /** Runs an engine command (already validated). Answers `engine_unavailable` while no engine runs. */
  call(command: EngineCommandName, request: unknown): Promise<Result<unknown>> {
    const running = this.current;
    if (!running?.ready || this.phase !== 'running') return Promise.resolve(this.unavailable());
    const id = this.nextCallId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      running.proc.channel.send({ t: 'call', id, command, request });
    });
  }

  /** A power event or a wake-up: the engine looks again at once (heartbeat, router mapping, conditions). */
  wake(): void {
    this.sendConditions();
    this.current?.proc.channel.send({ t: 'wake' });
  }

  /** Passes the host-observed conditions on now (also done every few seconds). */
  sendConditions(): void {
    const value = this.conditionsValue();
    if (value) this.current?.proc.channel.send({ t: 'conditions', value });
  }

  /** After the engine stopped being restarted (a crash loop): the person asks to try again. */
  restartNow(): EngineProcessInfo {
    if (this.phase !== 'failed') {
      const why =
        this.phase === 'running'
          ? 'The node is running; there is nothing to restart.'
          : this.phase === 'stopping' || this.phase === 'stopped'
            ? 'The node is shutting down.'
            : 'The node is already starting.';
      throw new ContractError('invalid_state', why);
    }
    this.policy.reset();
    this.restartReason = 'You asked to start it again.';
    this.setInfo('restarting', 'Starting the node again…');
    this.launch();
    return this.processInfo();
  }

  /** Passes the last snapshot on again with what the host knows now (e.g. the update status changed). */
  refresh(): void {
    if (this.snapshot) this.publish(this.snapshot);
  }

  /**
   * Stops the engine cleanly (it drains running tasks and removes its router mappings), killing it if that takes
   * longer than `stopTimeoutMs`. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  // ------------------------------------------------------------------------------------------------

  private async stopNow(): Promise<void> {
    this.phase = 'stopping';
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.conditionsTimer) clearInterval(this.conditionsTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.heartbeat = this.conditionsTimer = this.restartTimer = null;
    const running = this.current;
    if (running) {
      running.proc.channel.send({ t: 'stop' });
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        running.proc.exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), this.timings.stopTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (killed) {
        this.log(`the node did not stop within ${Math.round(this.timings.stopTimeoutMs / 1000)} s; ending it`);
        running.proc.kill();
        await running.proc.exited;
      }
    }
    this.phase = 'stopped';
    this.failPending();
    this.firstStart?.reject(new EngineStartError('start_failed', 'IICP Provider was stopped', 'The node was stopped before it had started.'));
    this.firstStart = null;
  }

  private on<T>(event: string, listener: (value: T) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private conditionsValue(): HostConditionsValue | null {
    const c = this.options.conditions;
    if (!c) return null;
    const read = <T>(fn: () => T): T | null => {
      try {
        return fn();
      } catch {
        return null;
      }
    };
    return { onBattery: read(() => c.onBattery()), idleSeconds: read(() => c.idleSeconds()) };
  }

  private secretsValue(): SecretsFromHost | null {
    const store = this.options.secrets;
    if (!store) return null;
    const values: SecretsFromHost['values'] = {};
    for (const name of SECRET_NAMES) {
      const value = store.get(name);
      if (value !== null) values[name] = value;
    }
    return { description: store.description, encryptedAtRest: store.encryptedAtRest, values };
  }

  private launch(): void {
    this.phase = 'starting';
    // The secrets first (a keychain prompt may block here): a store that cannot be read is the same problem as an
    // engine's own unusable secrets file, and no process is started for nothing.
    let secrets: SecretsFromHost | null;
    try {
      secrets = this.secretsValue();
    } catch (err) {
      this.onStartImpossible({ t: 'fatal', kind: 'data_unusable', title: START_FAILURE_TITLES.secrets, message: messageOf(err) });
      return;
    }
    let proc: EngineProcess;
    try {
      proc = this.options.launch();
    } catch (err) {
      this.onLaunchFailed(messageOf(err));
      return;
    }
    const running: Running = { proc, ready: false, lastPongAt: null, launchedAt: this.now(), seq: 0, endedBecause: null, fatal: null };
    this.current = running;
    this.lastBeatAt = this.now();
    proc.channel.onMessage((message) => this.onMessage(running, message));
    void proc.exited.then((exit) => this.onExit(running, exit));
    proc.channel.send({
      t: 'init',
      node: this.options.node,
      secrets,
      conditions: this.conditionsValue(),
      startAtLogin: this.options.onStartAtLoginChosen !== undefined,
      restartedBecause: this.restartReason,
    });
    this.restartReason = null;
  }

  /** A start that cannot work whatever is retried (unusable data): said once, never looped. */
  private onStartImpossible(fatal: Extract<EngineMessage, { t: 'fatal' }>): void {
    this.current = null;
    this.phase = 'failed';
    if (this.firstStart) {
      this.firstStart.reject(new EngineStartError(fatal.kind, fatal.title, fatal.message));
      this.firstStart = null;
    } else {
      this.log(`the node cannot start again: ${fatal.message}`);
    }
    this.setInfo('failed', `${fatal.title}: ${fatal.message}`);
  }

  private onLaunchFailed(message: string): void {
    this.current = null;
    if (this.firstStart) {
      const err = new EngineStartError('start_failed', START_FAILURE_TITLES.other, `The node's process could not be started: ${message}`);
      this.firstStart.reject(err);
      this.firstStart = null;
      this.phase = 'failed';
      this.setInfo('failed', err.message);
      return;
    }
    this.afterUnexpectedStop(`could not be started (${message})`);
  }

  private onMessage(running: Running, raw: unknown): void {
    if (!isEngineMessage(raw)) return;
    const message = raw;
    // Node may report an exit before the last messages of that process: its secret writes still count (they are what
    // it told the directory); anything else from an engine that is gone is old news.
    if (running !== this.current && message.t !== 'writeSecrets') return;
    switch (message.t) {
      case 'pong':
        running.lastPongAt = this.now();
        return;
      case 'ready':
        running.ready = true;
        running.lastPongAt = this.now();
        this.setSettings(message.settings);
        if (this.phase === 'starting') this.phase = 'running';
        this.setInfo('running', null, running.proc.pid, message.snapshot);
        if (this.firstStart) {
          this.firstStart.resolve();
          this.firstStart = null;
        } else {
          this.log('the node is running again');
        }
        return;
      case 'fatal':
        running.fatal = message;
        return;
      case 'result': {
        const resolve = this.pending.get(message.id);
        if (!resolve) return;
        this.pending.delete(message.id);
        const result = message.result;
        // A snapshot in an answer is the newest state: numbered and completed like any other the host passes on.
        if (result.ok && isNodeSnapshot(result.value)) resolve({ ok: true, value: this.publish(result.value) });
        else resolve(result);
        return;
      }
      case 'snapshot':
        this.publish(message.snapshot);
        return;
      case 'event':
        this.emitter.emit('event', message.event);
        return;
      case 'notice':
        this.emitter.emit('notice', message.notice);
        return;
      case 'settings':
        this.setSettings(message.settings);
        return;
      case 'writeSecrets': {
        let error: string | null = null;
        try {
          if (!this.options.secrets) throw new Error('this host keeps no secrets for the engine');
          this.options.secrets.update(message.changes);
        } catch (err) {
          error = messageOf(err);
        }
        running.proc.channel.send({ t: 'secretsWritten', id: message.id, error });
        return;
      }
      case 'startAtLogin':
        try {
          this.options.onStartAtLoginChosen?.(message.enabled);
        } catch (err) {
          this.log(`the start-at-login choice could not be applied: ${messageOf(err)}`);
        }
        return;
      case 'stopped':
        return;
    }
  }

  private beat(): void {
    const running = this.current;
    if (!running || (this.phase !== 'starting' && this.phase !== 'running')) return;
    const now = this.now();
    const sinceLastBeat = now - this.lastBeatAt;
    this.lastBeatAt = now;
    if (sinceLastBeat > HOST_STALL_FACTOR * this.timings.heartbeatMs) {
      // This process itself did not run for a while (the computer slept, a keychain prompt held the main thread, the
      // clock jumped): the engine's silence says nothing about the engine. Count from now.
      if (running.lastPongAt !== null) running.lastPongAt = now;
      else running.launchedAt = now;
    }
    // A new process answers once Node has loaded it; while it starts (migrations, opening the store) it may be busy
    // for longer than a running engine ever is; once it runs, every beat counts.
    const silentSince = running.lastPongAt ?? running.launchedAt;
    const allowed = running.ready ? this.timings.unresponsiveMs : Math.max(this.timings.unresponsiveMs, STARTING_SILENCE_MS);
    const startOverdue = !running.ready && now - running.launchedAt > this.timings.startTimeoutMs;
    if (now - silentSince > allowed || startOverdue) {
      running.endedBecause = startOverdue
        ? `did not start within ${Math.round(this.timings.startTimeoutMs / 1000)} s`
        : `stopped answering for ${Math.round((now - silentSince) / 1000)} s`;
      this.log(`the node ${running.endedBecause}; ending it`);
      running.proc.kill();
      return;
    }
    running.proc.channel.send({ t: 'ping', seq: ++running.seq });
  }

  private onExit(running: Running, exit: { code: number | null; signal: string | null }): void {
    if (running !== this.current) return;
    this.current = null;
    this.failPending();
    if (this.phase === 'stopping' || this.phase === 'stopped') return;
    const fatal = running.fatal ?? fatalFromExitCode(exit.code);
    if (this.firstStart) {
      const err = fatal
        ? new EngineStartError(fatal.kind, fatal.title, fatal.message)
        : new EngineStartError('start_failed', START_FAILURE_TITLES.other, `The node's process ended while starting${describeExit(exit)}.`);
      this.firstStart.reject(err);
      this.firstStart = null;
      this.phase = 'failed';
      this.setInfo('failed', err.message);
      return;
    }
    if (fatal && fatal.kind !== 'start_failed') {
      // Restarting cannot help: another program serves this node, or its data cannot be used.
      this.phase = 'failed';
      this.log(`the node cannot start again: ${fatal.message}`);
      this.setInfo('failed', `${fatal.title}: ${fatal.message}`);
      return;
    }
    this.afterUnexpectedStop(running.endedBecause ?? (fatal ? `could not start (${fatal.message})` : `stopped unexpectedly${describeExit(exit)}`));
  }

  private afterUnexpectedStop(why: string): void {
    this.restarts += 1;
    const decision = this.policy.onStop(this.now());
    if (!decision.restart) {
      this.phase = 'failed';
      const minutes = Math.round(this.policy.windowMs / 60_000);
      const message =
        `The node stopped unexpectedly ${decision.stopsInWindow} times within ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, ` +
        'so it is not restarted again by itself. Save the logs (Logs page) if you want to report it, then press Restart now.';
      this.log(`the node ${why}; it stopped ${decision.stopsInWindow} times within the window, so it is not restarted again`);
      this.setInfo('failed', message);
      return;
    }
    this.phase = 'waiting';
    this.log(`the node ${why}; restarting in ${decision.delayMs} ms`);
    this.restartReason = `The node was restarted because it ${why}.`;
    this.setInfo('restarting', `The node ${why} and is restarting…`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.phase === 'waiting') this.launch();
    }, decision.delayMs);
  }

  private failPending(): void {
    const result = this.unavailable();
    for (const resolve of this.pending.values()) resolve(result);
    this.pending.clear();
  }

  private unavailable(): Result<never> {
    const message =
      this.phase === 'failed'
        ? 'The node has stopped and is not running; see the Dashboard (Restart now).'
        : this.phase === 'stopping' || this.phase === 'stopped'
          ? 'The node is shutting down.'
          : 'The node is restarting after a problem; try again in a moment.';
    return { ok: false, error: { code: 'engine_unavailable', message } };
  }

  /** The process's new state, passed on with the last snapshot, or with `next` (a new engine's first one) when given. */
  private setInfo(state: EngineProcessInfo['state'], message: string | null, pid: number | null = null, next: NodeSnapshot | null = null): void {
    this.info = { state, restarts: this.restarts, message, since: new Date(this.now()).toISOString(), pid };
    this.emitter.emit('process', this.processInfo());
    const snapshot = next ?? this.snapshot;
    if (snapshot) this.publish(snapshot);
  }

  private setSettings(settings: Settings): void {
    this.settings = settings;
    this.emitter.emit('settings', settings);
  }

  /** Every snapshot passed on gets the host's own version number: a restarted engine counts from 1 again. */
  private publish(snapshot: NodeSnapshot): NodeSnapshot {
    const base: NodeSnapshot = { ...snapshot, version: ++this.version, engineProcess: this.processInfo() };
    const decorated = this.options.decorate ? this.options.decorate(base) : base;
    this.snapshot = decorated;
    this.emitter.emit('snapshot', decorated);
    return decorated;
  }
}

/** The engine's start-failure exit codes, for a process whose last message was lost with it. */
function fatalFromExitCode(code: number | null): Extract<EngineMessage, { t: 'fatal' }> | null {
  if (code === ENGINE_EXIT.nodeInUse) return { t: 'fatal', kind: 'node_in_use', title: START_FAILURE_TITLES.lock, message: 'Another program serves this node.' };
  if (code === ENGINE_EXIT.dataUnusable) return { t: 'fatal', kind: 'data_unusable', title: START_FAILURE_TITLES.data, message: 'Its data could not be used; the log says why.' };
  return null;
}

/** " (ended by signal SIGKILL)", " (exit code 1)", or nothing when the launcher could not tell. */
function describeExit(exit: { code: number | null; signal: string | null }): string {
  if (exit.signal) return ` (ended by signal ${exit.signal})`;
  return exit.code === null ? '' : ` (exit code ${exit.code})`;
}

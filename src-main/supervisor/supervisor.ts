/**
 * Runs the engine in its own process and keeps it running: a crash or a freeze (no answer to the heartbeat) ends in
 * a restart after a short back-off, and too many in a minute end in a plain-words problem instead of a loop. The
 * host (Electron shell or headless host) talks to the engine only through here: commands, the last snapshot (with
 * the process's own state in it), events, notices and settings; and it serves what only it can do for the engine
 * (secrets in the OS key store, power source and idle time).
 *
 * Never two engines on one data folder: a new engine process is launched only after the previous one has exited
 * (a frozen one is killed first), and the engine's own node lock stays the arbiter against other programs.
 *
 * The class owns the phase and when its timers run (they are kept in supervisor-timers.ts); the words for each ending
 * are in exit-reasons.ts, what listeners see in published-state.ts, the host's own services in host-services.ts and
 * the freeze check in running-engine.ts.
 */
import type {
  EngineCommandName,
  EngineEvent,
  EngineProcessInfo,
  Notice,
  NodeSnapshot,
  Result,
  Settings,
} from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { START_FAILURE_TITLES } from './start-failure';
import { EngineCalls } from './engine-calls';
import {
  crashLoopMessage,
  EngineStartError,
  fatalFromExitCode,
  describeExit,
  launchFailedError,
  messageOf,
  restartRefusal,
  startErrorFor,
  stoppedBeforeStart,
  unavailable,
  type ProcessExit,
} from './exit-reasons';
import { conditionsValue, secretsValue, serveHostRequest } from './host-services';
import { DEFAULT_TIMINGS, type EngineProcess, type SupervisorOptions, type SupervisorTimings } from './options';
import { isEngineMessage, type SecretsFromHost } from './protocol';
import { PublishedState } from './published-state';
import { FirstStart } from './first-start';
import { SupervisorTimers } from './supervisor-timers';
import { DEFAULT_RESTART_POLICY, RestartPolicy } from './restart-policy';
import {
  runningEngine,
  silenceVerdict,
  stopOrKill,
  type FatalMessage,
  type Phase,
  type RunningEngine,
} from './running-engine';

export class EngineSupervisor {
  private readonly timings: SupervisorTimings;
  private readonly policy: RestartPolicy;
  private readonly now: () => number;
  private readonly state: PublishedState;
  private readonly calls = new EngineCalls();
  private phase: Phase = 'idle';
  private current: RunningEngine | null = null;
  private readonly timers = new SupervisorTimers();
  private lastBeatAt = 0;
  private firstStart: FirstStart | null = null;
  private stopping: Promise<void> | null = null;
  /** Why the next engine starts: said once by it in its own log. */
  private restartReason: string | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.policy = new RestartPolicy(options.restartPolicy ?? DEFAULT_RESTART_POLICY);
    this.now = options.now ?? Date.now;
    this.state = new PublishedState(this.now, options.decorate);
  }

  /** Launches the engine; resolves once it runs, rejects with `EngineStartError` when the first start fails. */
  start(): Promise<void> {
    if (this.phase !== 'idle') throw new Error('the supervisor was already started');
    const firstStart = (this.firstStart = new FirstStart());
    this.launch();
    this.timers.every(this.timings.heartbeatMs, () => this.beat());
    if (this.options.conditions) this.timers.every(this.timings.conditionsMs, () => this.sendConditions());
    return firstStart.started;
  }

  /** The engine process as the person should see it (also in every snapshot). */
  processInfo(): EngineProcessInfo {
    return this.state.processInfo();
  }

  /** The last snapshot, with the process's state and the host's additions. Null until the engine first ran. */
  getSnapshot(): NodeSnapshot | null {
    return this.state.lastSnapshot();
  }

  getSettings(): Settings | null {
    return this.state.lastSettings();
  }

  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void {
    return this.state.on('snapshot', listener);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    return this.state.on('event', listener);
  }

  onNotice(listener: (notice: Notice) => void): () => void {
    return this.state.on('notice', listener);
  }

  /** Whenever the person's settings changed (and once when an engine starts). */
  onSettings(listener: (settings: Settings) => void): () => void {
    return this.state.on('settings', listener);
  }

  /** Whenever the process's state changes (running, restarting, failed). */
  onProcessChange(listener: (info: EngineProcessInfo) => void): () => void {
    return this.state.on('process', listener);
  }

  /** Runs an engine command (already validated). Answers `engine_unavailable` while no engine runs. */
  call(command: EngineCommandName, request: unknown): Promise<Result<unknown>> {
    const running = this.current;
    if (!running?.ready || this.phase !== 'running') return Promise.resolve(unavailable(this.phase));
    return this.calls.send(running.proc.channel, command, request);
  }

  /** A power event or a wake-up: the engine looks again at once (heartbeat, router mapping, conditions). */
  wake(): void {
    this.sendConditions();
    this.current?.proc.channel.send({ t: 'wake' });
  }

  /** Passes the host-observed conditions on now (also done every few seconds). */
  sendConditions(): void {
    const value = conditionsValue(this.options.conditions);
    if (value) this.current?.proc.channel.send({ t: 'conditions', value });
  }

  /** After the engine stopped being restarted (a crash loop): the person asks to try again. */
  restartNow(): EngineProcessInfo {
    if (this.phase !== 'failed') throw new ContractError('invalid_state', restartRefusal(this.phase));
    this.policy.reset();
    this.restartReason = 'You asked to start it again.';
    this.state.setInfo('restarting', 'Starting the node again…');
    this.launch();
    return this.processInfo();
  }

  /** Passes the last snapshot on again with what the host knows now (e.g. the update status changed). */
  refresh(): void {
    this.state.republish();
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
    this.timers.clear();
    if (this.current) await stopOrKill(this.current.proc, this.timings.stopTimeoutMs, (line) => this.log(line));
    this.phase = 'stopped';
    this.calls.failAll(unavailable(this.phase));
    this.rejectFirstStart(stoppedBeforeStart());
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Settles the first start with `err`, if it is still open; false when the first engine ran already. */
  private rejectFirstStart(err: EngineStartError): boolean {
    return this.firstStart?.reject(err) ?? false;
  }

  private launch(): void {
    this.phase = 'starting';
    // The secrets first (a keychain prompt may block here): a store that cannot be read is the same problem as an
    // engine's own unusable secrets file, and no process is started for nothing.
    let secrets: SecretsFromHost | null;
    try {
      secrets = secretsValue(this.options.secrets);
    } catch (err) {
      this.onStartImpossible({
        t: 'fatal',
        kind: 'data_unusable',
        title: START_FAILURE_TITLES.secrets,
        message: messageOf(err),
      });
      return;
    }
    let proc: EngineProcess;
    try {
      proc = this.options.launch();
    } catch (err) {
      this.onLaunchFailed(messageOf(err));
      return;
    }
    const running = runningEngine(proc, this.now());
    this.current = running;
    this.lastBeatAt = this.now();
    proc.channel.onMessage((message) => this.onMessage(running, message));
    void proc.exited.then((exit) => this.onExit(running, exit));
    proc.channel.send({
      t: 'init',
      node: this.options.node,
      secrets,
      conditions: conditionsValue(this.options.conditions),
      startAtLogin: this.options.onStartAtLoginChosen !== undefined,
      restartedBecause: this.restartReason,
    });
    this.restartReason = null;
  }

  /** A start that cannot work whatever is retried (unusable data): said once, never looped. */
  private onStartImpossible(fatal: FatalMessage): void {
    this.current = null;
    this.phase = 'failed';
    if (!this.rejectFirstStart(new EngineStartError(fatal.kind, fatal.title, fatal.message)))
      this.log(`the node cannot start again: ${fatal.message}`);
    this.state.setInfo('failed', `${fatal.title}: ${fatal.message}`);
  }

  private onLaunchFailed(message: string): void {
    this.current = null;
    const err = launchFailedError(message);
    if (this.rejectFirstStart(err)) {
      this.phase = 'failed';
      this.state.setInfo('failed', err.message);
      return;
    }
    this.afterUnexpectedStop(`could not be started (${message})`);
  }

  private onMessage(running: RunningEngine, raw: unknown): void {
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
        this.onReady(running, message.snapshot, message.settings);
        return;
      case 'fatal':
        running.fatal = message;
        return;
      case 'result':
        this.calls.settle(message.id, message.result, (snapshot) => this.state.publish(snapshot));
        return;
      case 'snapshot':
      case 'event':
      case 'notice':
      case 'settings':
        this.state.passOn(message);
        return;
      case 'writeSecrets':
      case 'startAtLogin':
        serveHostRequest(message, running.proc.channel, this.options, (line) => this.log(line));
        return;
      case 'stopped':
        return;
    }
  }

  private onReady(running: RunningEngine, snapshot: NodeSnapshot, settings: Settings): void {
    running.ready = true;
    running.lastPongAt = this.now();
    this.state.setSettings(settings);
    if (this.phase === 'starting') this.phase = 'running';
    this.state.setInfo('running', null, running.proc.pid, snapshot);
    if (!this.firstStart?.resolve()) this.log('the node is running again');
  }

  private beat(): void {
    const running = this.current;
    if (!running || (this.phase !== 'starting' && this.phase !== 'running')) return;
    const now = this.now();
    const sinceLastBeat = now - this.lastBeatAt;
    this.lastBeatAt = now;
    const endedBecause = silenceVerdict(running, now, sinceLastBeat, this.timings);
    if (endedBecause !== null) {
      running.endedBecause = endedBecause;
      this.log(`the node ${endedBecause}; ending it`);
      running.proc.kill();
      return;
    }
    running.proc.channel.send({ t: 'ping', seq: ++running.seq });
  }

  private onExit(running: RunningEngine, exit: ProcessExit): void {
    if (running !== this.current) return;
    this.current = null;
    this.calls.failAll(unavailable(this.phase));
    if (this.phase === 'stopping' || this.phase === 'stopped') return;
    const fatal = running.fatal ?? fatalFromExitCode(exit.code);
    const err = startErrorFor(fatal, exit);
    if (this.rejectFirstStart(err)) {
      this.phase = 'failed';
      this.state.setInfo('failed', err.message);
      return;
    }
    if (fatal && fatal.kind !== 'start_failed') {
      // Restarting cannot help: another program serves this node, or its data cannot be used.
      this.phase = 'failed';
      this.log(`the node cannot start again: ${fatal.message}`);
      this.state.setInfo('failed', `${fatal.title}: ${fatal.message}`);
      return;
    }
    this.afterUnexpectedStop(
      running.endedBecause ??
        (fatal ? `could not start (${fatal.message})` : `stopped unexpectedly${describeExit(exit)}`),
    );
  }

  private afterUnexpectedStop(why: string): void {
    this.state.restarts += 1;
    const decision = this.policy.onStop(this.now());
    if (!decision.restart) {
      this.phase = 'failed';
      this.log(
        `the node ${why}; it stopped ${decision.stopsInWindow} times within the window, so it is not restarted again`,
      );
      this.state.setInfo('failed', crashLoopMessage(decision.stopsInWindow, this.policy.windowMs));
      return;
    }
    this.phase = 'waiting';
    this.log(`the node ${why}; restarting in ${decision.delayMs} ms`);
    this.restartReason = `The node was restarted because it ${why}.`;
    this.state.setInfo('restarting', `The node ${why} and is restarting…`);
    this.timers.restartAfter(decision.delayMs, () => {
      if (this.phase === 'waiting') this.launch();
    });
  }
}

import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { EngineEvent, EventLevel, NodeSnapshot, Notice, Settings } from '@shared/contract';
import type { EngineCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { EngineEventName } from '@shared/words/event-words';
import { AvailabilityController } from '../availability/controller';
import { OwnerReactions } from './owner-reactions';
import { secureDataFolder } from '../files/data-folder';
import { diagnosticsHandlers } from '../diagnostics/diagnostics';
import { nodeDiagnosticsSources } from './diagnostics-sources';
import { EventPush } from './event-push';
import { refuseServedFolder } from '../identity/instance-lock';
import { FileSecretStore } from '../identity/secret-store';
import { Lifecycle } from './lifecycle';
import { NodeServices, type NodeServicesOptions } from './node-services';
import { AvailabilitySwitch } from './availability-switch';
import { engineCommandHandlers } from './engine-commands';
import { EngineEventLog } from './engine-event-log';
import { NodeCommands, type NodeCore } from './node-commands';
import { runtimeOptions, type ProviderNodeOptions } from './options';
import { Problems } from './problems';
import { SettingsHolder } from './settings-holder';
import { setupState } from './setup-state';
import { buildSnapshot } from './snapshot-builder';
import { NoticeFeed } from '../notices/notice-feed';
import { noticeCommandHandlers } from './notice-commands';
import { systemTimeZone } from '../availability/schedule';
import { fleetHooks } from './fleet-hooks';
import { databasePath } from '../files/paths';
import { createSetupQueries, type SetupQueryHandlers } from './setup-queries';
import { ThrottledPublisher } from './snapshot-publisher';
import { Store, type Clock, type Db } from '../store';

export type { ProviderNodeOptions } from './options';

/** The availability policy's slow tick: windows open and close at minute resolution, idle time creeps. */
const POLICY_TICK_MS = 30_000;

type Listener<T> = (value: T) => void;

/**
 * The provider node engine. Owns all state, publishes it as a versioned `NodeSnapshot`, and takes commands.
 * Runs under plain Node; hosts (Electron shell, headless host) only start, stop and relay it.
 *
 * The running state is level-triggered: `settle()` derives online / paused / degraded from the switch and
 * the current problems each time either changes, so no sequence of events can leave it inconsistent.
 */
export class ProviderNode {
  private readonly lifecycle: Lifecycle;
  private readonly clock: Clock;
  private readonly publisher: ThrottledPublisher<NodeSnapshot>;
  private readonly emitter = new EventEmitter();
  private store: Store | null = null;
  private services: NodeServices | null = null;
  private readonly settings: SettingsHolder;
  private readonly switch: AvailabilitySwitch;
  private availability: AvailabilityController | null = null;
  /** The owner-first watcher and what the node does when it speaks. */
  private readonly owner: OwnerReactions;
  private policyTimer: NodeJS.Timeout | null = null;
  private readonly problems: Problems;
  private readonly events: EngineEventLog;
  /** Stored events out to the hosts, repeats of one event gathered (see EventPush). */
  private readonly eventPush: EventPush;
  /** The wizard's and Settings' questions (models, regions, directory check); made once, as they cache answers. */
  private setupQueries: SetupQueryHandlers | null = null;
  private readonly notices: NoticeFeed;
  /** When this engine came to be: an engine in the host's own process runs from then on. */
  private readonly createdAt: string;
  /** What the person can ask of the node (the contract's commands). */
  readonly commands: NodeCommands;

  constructor(private readonly options: ProviderNodeOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.createdAt = this.clock().toISOString();
    const now = () => this.now();
    this.lifecycle = new Lifecycle(now);
    this.publisher = new ThrottledPublisher((v) => this.snapshot(v), options.tuning?.snapshotIntervalMs ?? 250, now);
    this.emitter.setMaxListeners(0);
    this.eventPush = new EventPush((event) => this.emitter.emit('event', event), now);
    const onNotice = (notice: Notice) => {
      this.emitter.emit('notice', notice);
      this.publisher.markDirty();
    };
    this.notices = new NoticeFeed({ now, debounceMs: options.noticeDebounceMs, onNotice });
    // Notices are transitions between the published snapshots (and rejected receipts in the event log).
    this.publisher.subscribe((snapshot) => this.notices.observe(snapshot));
    this.events = new EngineEventLog({ store: () => this.store, clock: this.clock, notices: this.notices, push: this.eventPush, onChange: () => this.publisher.markDirty() });
    const log = (level: EventLevel, event: EngineEventName, details: string) => this.log(level, event, details);
    this.problems = new Problems(log, () => this.settle());
    this.settings = new SettingsHolder(options.overrides);
    this.switch = new AvailabilitySwitch({
      store: () => this.requireStore(),
      now,
      running: () => this.lifecycle.isRunning,
      log,
      flipped: () => this.services?.offeredChanged(),
      settle: () => this.settle(),
    });
    this.commands = new NodeCommands(this.core(log));
    this.owner = new OwnerReactions({ services: () => this.services, store: () => this.store, settings: () => this.getSettings(), now, log, settle: () => this.settle(), changed: () => this.publisher.markDirty(), tuning: options.tuning?.owner });
  }

  /** What the commands may use of this node. */
  private core(log: NodeCore['log']): NodeCore {
    return {
      options: this.options,
      settings: this.settings,
      switch: this.switch,
      services: () => this.services,
      store: () => this.store,
      availability: () => this.availability,
      owner: () => this.owner.watch,
      running: () => this.lifecycle.isRunning,
      stateName: () => this.lifecycle.state,
      snapshot: () => this.publisher.current(),
      changed: () => this.publisher.markDirty(),
      settle: () => this.settle(),
      log,
    };
  }

  get state() {
    return this.lifecycle.state;
  }

  /** Opens the store and comes up online or paused. Throws `StoreOpenError` when the database is unusable. */
  async start(): Promise<void> {
    if (this.lifecycle.state !== 'stopped') throw new ContractError('invalid_state', `Cannot start while ${this.lifecycle.state}.`);
    this.lifecycle.transition('starting', 'Opening the database');
    this.publisher.markDirty();
    const folderWarning = secureDataFolder(this.options.dataDir);
    try {
      // Two engines on one folder would both write its database: refuse before opening it, and say who serves it.
      refuseServedFolder(join(this.options.dataDir, 'run'));
      this.store = Store.open(databasePath(this.options.dataDir), this.clock);
    } catch (err) {
      this.stopped(err);
      throw err;
    }
    const store = this.store;
    const invalidFields = this.settings.load(store);
    this.switch.load(store);
    this.availability = new AvailabilityController({
      store,
      settings: () => this.getSettings(),
      switchState: () => ({ on: this.switch.on, pausedUntil: this.switch.pausedUntil }),
      host: this.options.hostConditions ?? null,
      owner: () => this.owner.state((ms) => this.availability?.formatTime(ms) ?? new Date(ms).toISOString()),
      now: () => this.now(),
      log: (level, event, details) => this.log(level, event, details),
    });
    let services: NodeServices | null = null;
    try {
      // Locks the node first: a refused second process must leave no trace in this node's data.
      services = new NodeServices(this.servicesOptions(store));
      this.services = services;
      this.log('info', 'engine_start', `host=${this.options.host} version=${this.options.appVersion}`);
      if (this.options.restartedBecause) this.log('warn', 'engine_restarted', this.options.restartedBecause);
      if (folderWarning) this.log('warn', 'data_folder_not_private', folderWarning);
      if (invalidFields.length) this.log('warn', 'settings_invalid', `fields reset to defaults: ${invalidFields.join(', ')}`);
      this.switch.expireStalePause();
      await services.start();
    } catch (err) {
      this.services = null;
      await services?.stop().catch(() => undefined);
      this.stopped(err);
      this.store?.close();
      this.store = null;
      throw err;
    }
    this.switch.arm();
    this.owner.start();
    this.settle();
    this.armPolicyTick();
    this.notices.start(store.db);
    this.publisher.markDirty(); // the notices start from the state the node came up in
  }

  /** The running parts' options: this node's state and callbacks, and the host's seams passed on unchanged. */
  private servicesOptions(store: Store): NodeServicesOptions {
    const o = this.options;
    return {
      dataDir: o.dataDir,
      appVersion: o.appVersion,
      store,
      secrets: o.secretStore ?? new FileSecretStore(join(o.dataDir, 'secrets.json')),
      settings: () => this.getSettings(),
      capacity: () => this.capacity(),
      offered: () => this.switch.on,
      ownerBusy: () => this.owner.busySeconds(),
      energy: this.owner.energy,
      log: (level, event, details, persist) => this.log(level, event, details, persist),
      onChange: () => this.publisher.markDirty(),
      ...runtimeOptions(o),
      onBackendProblem: (message) => this.setProblem('backend', message),
      onStoreProblem: (message) => this.setProblem('store', message),
      maxConcurrentFixed: o.overrides?.maxConcurrent !== undefined,
      operator: this.commands.operator.linkHooks,
      fleet: fleetHooks({ operator: this.commands.operator, sw: this.switch, availability: () => this.availability, owner: this.owner, notices: this.notices, log: (l, e, d) => this.log(l, e, d), timeZone: systemTimeZone(), rename: (displayName) => this.commands.updateSettings({ displayName }) }),
    };
  }

  /** A start that failed, or a store that would not open: stopped, with why. */
  private stopped(err: unknown): void {
    this.lifecycle.transition('stopping');
    this.lifecycle.transition('stopped', err instanceof Error ? err.message : String(err));
    this.publisher.markDirty();
  }

  /** Tasks admitted at once right now: the policy's share of maxConcurrent while online (or degraded). */
  private capacity(): number {
    const st = this.lifecycle.state;
    if (st !== 'online' && st !== 'degraded') return 0;
    return this.availability?.result.capacity ?? 0;
  }

  private armPolicyTick(): void {
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = setInterval(() => this.settle(), this.options.tuning?.policyTickMs ?? POLICY_TICK_MS);
    this.policyTimer.unref?.();
  }

  /**
   * The computer woke from sleep (or its power source changed): re-evaluate now, tell the directory at once
   * (a long sleep made the node dormant there), and make sure the router still holds the port mapping.
   */
  wake(): void {
    if (!this.lifecycle.isRunning) return;
    this.settle();
    this.services?.wake();
  }

  /** Drains and closes. Safe to call in any state and more than once. */
  async stop(): Promise<void> {
    if (this.lifecycle.state === 'stopped' || this.lifecycle.state === 'stopping') return;
    this.lifecycle.transition('stopping', 'Shutting down');
    this.notices.stop();
    this.publisher.markDirty();
    this.switch.clear();
    this.owner.stop();
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = null;
    this.services?.capacityChanged();
    await this.services?.stop();
    this.services = null;
    this.log('info', 'engine_stop', '');
    this.eventPush.flush();
    this.lifecycle.transition('stopped');
    this.publisher.markDirty();
    this.publisher.current();
    this.publisher.cancel();
    this.store?.close();
    this.store = null;
  }

  getSnapshot(): NodeSnapshot {
    return this.publisher.current();
  }

  /** The effective settings (stored, with this run's overrides on top); one object until they change. */
  getSettings(): Settings {
    return this.settings.effective();
  }

  /** The contract's commands bound to this engine; requests arrive already validated. */
  commandHandlers(): EngineCommandHandlers {
    this.setupQueries ??= createSetupQueries({ settings: () => this.getSettings(), services: () => this.services, fetchImpl: this.options.fetchImpl });
    // "Save logs" and the diagnostics bundle read the engine, never change it.
    const diagnostics = diagnosticsHandlers(
      nodeDiagnosticsSources({
        commands: this.commands,
        options: this.options,
        services: () => this.services,
        snapshot: () => this.getSnapshot(),
        settings: () => this.getSettings(),
        programNames: () => this.owner.namesSeen(),
        now: () => this.clock(),
      }),
    );
    return engineCommandHandlers(this.commands, { ...this.setupQueries, ...diagnostics, ...noticeCommandHandlers(this.notices, this.commands) });
  }

  /** The running services, for hosts and tests that need the task port or the link. */
  get runtime(): NodeServices | null {
    return this.services;
  }

  /**
   * The open database, for tests and diagnostics that read it while the node runs: the node's own connection, which
   * sees every commit the node has made.
   */
  get database(): Db | null {
    return this.store?.db ?? null;
  }

  /**
   * The host that keeps this engine's secrets (the desktop app's OS key store) could not write a change (error) or
   * has written one (null): until a write succeeds again the node is degraded and says why, since what it holds only
   * in memory would be lost with the next restart.
   */
  secretsWritten(error: string | null): void {
    if (error === null) {
      this.setProblem('secrets', null);
      return;
    }
    this.log('error', 'secrets_not_saved', error);
    this.setProblem(
      'secrets',
      'The app could not save the node’s secrets in your key store, so they would be lost when the node restarts. Unlock your key store (keyring) and check there is free disk space.',
    );
  }

  /** Reports (message) or clears (null) a named problem; the node is degraded while any is reported. */
  setProblem(key: string, message: string | null): void {
    this.problems.set(key, message);
  }

  onSnapshot(listener: Listener<NodeSnapshot>): () => void {
    return this.publisher.subscribe(listener);
  }

  /** New notices (the desktop app shows them as notifications); the snapshot carries the last ones. */
  onNotice(listener: Listener<Notice>): () => void {
    this.emitter.on('notice', listener);
    return () => this.emitter.off('notice', listener);
  }

  onEvent(listener: Listener<EngineEvent>): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  private now(): number {
    return this.clock().getTime();
  }

  private requireStore(): Store {
    if (!this.store) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.store;
  }

  /**
   * Derives the running state from scratch: the availability policy (switch ∧ window ∧ conditions) first, then
   * the problems. Called on every change, on the policy tick and on wake, so it never depends on history.
   */
  private settle(): void {
    if (!this.lifecycle.isRunning && this.lifecycle.state !== 'starting') return;
    const policyChanged = this.availability?.evaluate() ?? false;
    const policy = this.availability?.result;
    let changed: boolean;
    if (policy?.reason) {
      changed = this.lifecycle.transition('paused', policy.message);
    } else if (this.problems.any) {
      changed = this.lifecycle.transition('degraded', this.problems.words());
    } else {
      changed = this.lifecycle.transition('online', null);
    }
    if (changed || policyChanged) {
      this.services?.capacityChanged();
      this.publisher.markDirty();
    } else if (this.services?.dayTurned()) {
      // Past local midnight the day's counts start again from 0, though nothing else changed.
      this.publisher.markDirty();
    }
  }

  private log(level: EventLevel, event: EngineEventName, details: string, persist = true): void {
    this.events.log(level, event, details, persist);
  }

  private snapshot(version: number): NodeSnapshot {
    return buildSnapshot({
      version,
      now: this.clock(),
      host: this.options.host,
      appVersion: this.options.appVersion,
      createdAt: this.createdAt,
      settings: this.settings.loaded ? this.getSettings() : null,
      lifecycle: this.lifecycle,
      available: this.switch.on,
      pausedUntilMs: this.switch.pausedUntil,
      parts: this.services?.snapshotParts(),
      availability: this.availability?.info(),
      setup: setupState(this.store),
      recentEvents: this.events.recent(),
      notices: this.notices.list(),
      operator: this.commands.operator.info(),
    });
  }
}

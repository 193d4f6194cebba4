import { said, type Said } from '@shared/i18n/said';
import { join } from 'node:path';
import type { EngineEvent, EventLevel, NodeSnapshot, Notice, Settings } from '@shared/contract';
import type { EngineCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { EngineEventName } from '@shared/words/event-words';
import { AvailabilityController, type AvailabilitySwitch } from '../availability';
import { databasePath, secureDataFolder } from '../files';
import { refuseServedFolder } from '../identity';
import { undici } from '../net';
import { Store, type Clock, type Db } from '../store';
import { engineCommandHandlers } from './engine-commands';
import { assembleCentre, servicesOptions, type CentreHooks, type NodeCentre } from './node-centre';
import type { NodeCommands } from './node-commands';
import type { NodeOutputs } from './node-outputs';
import { NodeServices } from './node-services';
import { withRunTaskPort, type ProviderNodeOptions } from './options';
import type { OwnerReactions } from './owner-reactions';
import type { RunningState } from './running-state';
import type { SettingsHolder } from './settings-holder';
import { setupState } from './setup-state';
import { buildSnapshot } from './snapshot-builder';

export type { ProviderNodeOptions } from './options';

/**
 * The provider node engine. Owns all state, publishes it as a versioned `NodeSnapshot`, and takes commands. Runs under
 * plain Node; hosts (Electron shell, headless host) only start, stop and relay it. The running state is level-triggered
 * (running-state.ts), the news goes out through node-outputs.ts, and node-services.ts holds the rooms of one run.
 */
export class ProviderNode {
  private readonly clock: Clock;
  private readonly run: RunningState;
  private readonly out: NodeOutputs;
  private store: Store | null = null;
  private services: NodeServices | null = null;
  private readonly settings: SettingsHolder;
  private readonly switch: AvailabilitySwitch;
  /** The owner-first watcher and what the node does when it speaks. */
  private readonly owner: OwnerReactions;
  /** The contract's command table; made once, as some bindings keep answers (regions, one diagnosis at a time). */
  private table: EngineCommandHandlers | null = null;
  /** The standing parts, and what they ask of this engine. */
  private readonly centre: NodeCentre;
  private readonly hooks: CentreHooks;
  /** When this engine came to be: an engine in the host's own process runs from then on. */
  private readonly createdAt: string;
  /** What the person can ask of the node itself (the rooms bind the rest: engine-commands.ts). */
  readonly commands: NodeCommands;
  private readonly options: ProviderNodeOptions; // a task port the host chose counts among its fixed settings

  constructor(given: ProviderNodeOptions) {
    const options = (this.options = withRunTaskPort(given));
    this.clock = options.clock ?? (() => new Date());
    this.createdAt = this.clock().toISOString();
    this.hooks = {
      clock: this.clock,
      log: (level, event, details, persist) => this.log(level, event, details, persist),
      store: () => this.store,
      requireStore: () => this.requireStore(),
      services: () => this.services,
      snapshot: (v) => this.snapshot(v),
    };
    this.centre = assembleCentre(options, this.hooks);
    ({ out: this.out, run: this.run, settings: this.settings, switch: this.switch } = this.centre);
    ({ commands: this.commands, owner: this.owner } = this.centre);
  }

  get state() {
    return this.run.lifecycle.state;
  }

  /** Opens the store and comes up online or paused. Throws `StoreOpenError` when the database is unusable. */
  async start(): Promise<void> {
    const { lifecycle } = this.run;
    if (lifecycle.state !== 'stopped')
      throw new ContractError('invalid_state', said('refusal.node.cannotStart', { state: lifecycle.state }));
    lifecycle.transition('starting', said('status.reason.openingDatabase'));
    this.out.changed();
    const folderWarning = secureDataFolder(this.options.dataDir);
    // undici takes tens of milliseconds to load; loaded now, before anything is served, it never holds a request.
    undici();
    try {
      // Two engines on one folder would both write its database: refuse before opening it, and say who serves it.
      refuseServedFolder(join(this.options.dataDir, 'run'));
      this.store = Store.open(databasePath(this.options.dataDir), this.clock);
    } catch (err) {
      this.run.failed(err);
      throw err;
    }
    const store = this.store;
    const invalidFields = this.settings.load(store);
    this.switch.load(store);
    this.run.availability = new AvailabilityController({
      store,
      settings: () => this.getSettings(),
      switchState: () => ({ on: this.switch.on, pausedUntil: this.switch.pausedUntil }),
      host: this.options.hostConditions ?? null,
      owner: () => this.owner.state((ms) => this.run.availability?.formatTime(ms) ?? new Date(ms).toISOString()),
      now: () => this.clock().getTime(),
      log: (level, event, details) => this.log(level, event, details),
    });
    let services: NodeServices | null = null;
    try {
      // Locks the node first: a refused second process must leave no trace in this node's data.
      services = new NodeServices(servicesOptions(this.options, this.centre, this.hooks, store));
      this.services = services;
      this.log('info', 'engine_start', `host=${this.options.host} version=${this.options.appVersion}`);
      if (this.options.restartedBecause) this.log('warn', 'engine_restarted', this.options.restartedBecause);
      if (folderWarning) this.log('warn', 'data_folder_not_private', folderWarning);
      if (invalidFields.length)
        this.log('warn', 'settings_invalid', `fields reset to defaults: ${invalidFields.join(', ')}`);
      this.switch.expireStalePause();
      await services.start();
    } catch (err) {
      this.services = null;
      await services?.stop().catch(() => undefined);
      this.run.failed(err);
      this.store?.close();
      this.store = null;
      throw err;
    }
    this.switch.arm();
    this.owner.start();
    this.run.settle();
    this.run.armPolicyTick();
    this.out.notices.start(store.db);
    this.out.changed(); // the notices start from the state the node came up in
  }

  /**
   * The computer woke from sleep (or its power source changed): re-evaluate now, tell the directory at once
   * (a long sleep made the node dormant there), and make sure the router still holds the port mapping.
   */
  wake(): void {
    if (!this.run.lifecycle.isRunning) return;
    this.run.settle();
    this.services?.wake();
  }

  /** Drains and closes. Safe to call in any state and more than once. */
  async stop(): Promise<void> {
    const { lifecycle } = this.run;
    if (lifecycle.state === 'stopped' || lifecycle.state === 'stopping') return;
    lifecycle.transition('stopping', said('status.reason.shuttingDown'));
    this.out.notices.stop();
    this.out.changed();
    this.switch.clear();
    this.owner.stop();
    this.run.disarmPolicyTick();
    this.services?.capacityChanged();
    await this.services?.stop();
    this.services = null;
    this.log('info', 'engine_stop', '');
    this.out.flushEvents();
    lifecycle.transition('stopped');
    this.out.finish();
    this.store?.close();
    this.store = null;
  }

  getSnapshot(): NodeSnapshot {
    return this.out.current();
  }

  /** The effective settings (stored, with this run's overrides on top); one object until they change. */
  getSettings(): Settings {
    return this.settings.effective();
  }

  /** The contract's commands bound to this engine; requests arrive already validated. */
  commandHandlers(): EngineCommandHandlers {
    this.table ??= engineCommandHandlers({
      commands: this.commands,
      options: this.options,
      notices: this.out.notices,
      services: () => this.services,
      owner: () => this.owner.watch,
      snapshot: () => this.getSnapshot(),
      settings: () => this.getSettings(),
      programNames: () => this.owner.namesSeen(),
      now: () => this.clock(),
    });
    return this.table;
  }

  /** The running services, for hosts and tests that need the task port or the link. */
  get runtime(): NodeServices | null {
    return this.services;
  }

  /**
   * The open database, for tests and diagnostics that read it while the node runs (it sees every commit of the node).
   */
  get database(): Db | null {
    return this.store?.db ?? null;
  }

  /** The host's store of this engine's secrets failed to write a change (error) or wrote one (null). */
  secretsWritten(error: string | null): void {
    this.run.secretsWritten(error);
  }

  /** Reports (message) or clears (null) a named problem; the node is degraded while any is reported. */
  setProblem(key: string, message: Said | null): void {
    this.run.problems.set(key, message);
  }

  onSnapshot(listener: (snapshot: NodeSnapshot) => void): () => void {
    return this.out.onSnapshot(listener);
  }

  /** New notices (the desktop app shows them as notifications); the snapshot carries the last ones. */
  onNotice(listener: (notice: Notice) => void): () => void {
    return this.out.onNotice(listener);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    return this.out.onEvent(listener);
  }

  private requireStore(): Store {
    if (!this.store) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    return this.store;
  }

  private log(level: EventLevel, event: EngineEventName, details: string, persist = true): void {
    this.out.log(level, event, details, persist);
  }

  private snapshot(version: number): NodeSnapshot {
    return buildSnapshot({
      version,
      now: this.clock(),
      host: this.options.host,
      appVersion: this.options.appVersion,
      createdAt: this.createdAt,
      settings: this.settings.loaded ? this.getSettings() : null,
      lifecycle: this.run.lifecycle,
      available: this.switch.on,
      pausedUntilMs: this.switch.pausedUntil,
      parts: this.services?.snapshotParts(),
      availability: this.run.availability?.info(),
      setup: setupState(this.store, this.options.overrides),
      recentEvents: this.out.events.recent(),
      notices: this.out.notices.list(),
      operator: this.commands.operator.info(),
    });
  }
}

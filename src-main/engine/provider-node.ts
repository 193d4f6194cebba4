import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import {
  API_VERSION,
  type AppInfo,
  type AvailabilityInfo,
  type AvailabilityPreview,
  type AvailabilitySchedule,
  type DetectionResult,
  type EngineEvent,
  type EventLevel,
  type NodeSnapshot,
  type Notice,
  type ReceiptState,
  type Settings,
} from '@shared/contract';
import type { EngineCommandHandlers } from '@shared/contract/dispatch';
import { HEADLESS_UPDATES, runningEngine, updatesNotSupported, UPDATES_ELSEWHERE } from '@shared/contract/updates';
import { ContractError } from '@shared/contract/errors';
import { AvailabilityController } from './availability/controller';
import type { HostConditions } from './availability/policy';
import { systemTimeZone } from './availability/schedule';
import { secureDataFolder } from './data-folder';
import { diagnosticsHandlers } from './diagnostics/diagnostics';
import { localDay } from './earnings/report';
import { FileSecretStore, PLAIN_SECRETS_FILE, type SecretStore } from './identity/secret-store';
import { Lifecycle } from './lifecycle';
import { NodeServices, type NodeRuntimeOptions } from './node-services';
import { createSetupQueries, type SetupQueryHandlers } from './setup-queries';
import { NoticeFeed } from './notices/notice-feed';
import { databasePath } from './paths';
import { EventPush } from './event-push';
import { ThrottledPublisher } from './snapshot-publisher';
import { Store, type Clock } from './store';
import type { LedgerFilter } from './store/ledger-repo';
import type { EngineEventName } from '@shared/words/event-words';

const RECENT_EVENTS = 20;
const MAX_PAUSE_MS = 7 * 24 * 3600 * 1000;
/** The availability policy's slow tick: windows open and close at minute resolution, idle time creeps. */
const POLICY_TICK_MS = 30_000;

export interface ProviderNodeOptions extends NodeRuntimeOptions {
  dataDir: string;
  host: 'electron' | 'headless';
  appVersion: string;
  /** Values from flags or environment that win over stored settings for this run (never persisted). */
  overrides?: Partial<Settings>;
  /** Conditions this host cannot observe, shown to the person (e.g. power source when headless). */
  limitations?: string[];
  clock?: Clock;
  snapshotIntervalMs?: number;
  /** Where node token, HMAC key, CX private key and backend API key live (default: owner-only file). */
  secretStore?: SecretStore;
  /** Power source and idle time, from the desktop shell; absent headless (the conditions are then not applied). */
  hostConditions?: HostConditions;
  /** The person recorded a start-at-login choice (wizard or Settings): the shell applies it, once, now. */
  onStartAtLoginChosen?: (enabled: boolean) => void;
  policyTickMs?: number;
  /** How long an outage must last before it becomes a notice (default 60 s; tests shorten it). */
  noticeDebounceMs?: number;
  /** Why this engine replaces an earlier one that stopped unexpectedly (its host's words, logged once). */
  restartedBecause?: string | null;
}

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
  private settings: Settings | null = null;
  private merged: { stored: Settings; value: Settings } | null = null;
  private available = true;
  private pausedUntilMs: number | null = null;
  private pauseTimer: NodeJS.Timeout | null = null;
  private availability: AvailabilityController | null = null;
  private policyTimer: NodeJS.Timeout | null = null;
  /** Named problems that make the node degraded, each with a plain-words message. */
  private readonly problems = new Map<string, string>();
  private readonly recentEvents: EngineEvent[] = [];
  /** Stored events out to the hosts, repeats of one event gathered (see EventPush). */
  private readonly eventPush: EventPush;
  /** The wizard's and Settings' questions (models, regions, directory check); made once, as they cache answers. */
  private setupQueries: SetupQueryHandlers | null = null;
  private readonly notices: NoticeFeed;

  /** When this engine came to be: an engine in the host's own process runs from then on. */
  private readonly createdAt: string;

  constructor(private readonly options: ProviderNodeOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.createdAt = this.clock().toISOString();
    const now = () => this.clock().getTime();
    this.lifecycle = new Lifecycle(now);
    this.publisher = new ThrottledPublisher((v) => this.buildSnapshot(v), options.snapshotIntervalMs ?? 250, now);
    this.emitter.setMaxListeners(0);
    this.eventPush = new EventPush((event) => this.emitter.emit('event', event), now);
    this.notices = new NoticeFeed({
      now,
      debounceMs: options.noticeDebounceMs,
      onNotice: (notice) => {
        this.emitter.emit('notice', notice);
        this.publisher.markDirty();
      },
    });
    // Notices are transitions between the published snapshots (and rejected receipts in the event log).
    this.publisher.subscribe((snapshot) => this.notices.observe(snapshot));
  }

  get state() {
    return this.lifecycle.state;
  }

  // ------------------------------------------------------------------------------------------------
  // Lifecycle
  // ------------------------------------------------------------------------------------------------

  /** Opens the store and comes up online or paused. Throws `StoreOpenError` when the database is unusable. */
  async start(): Promise<void> {
    if (this.lifecycle.state !== 'stopped') throw new ContractError('invalid_state', `Cannot start while ${this.lifecycle.state}.`);
    this.lifecycle.transition('starting', 'Opening the database');
    this.publisher.markDirty();
    const folderWarning = secureDataFolder(this.options.dataDir);
    try {
      this.store = Store.open(databasePath(this.options.dataDir), this.clock);
    } catch (err) {
      this.lifecycle.transition('stopping');
      this.lifecycle.transition('stopped', err instanceof Error ? err.message : String(err));
      this.publisher.markDirty();
      throw err;
    }
    const { settings, invalidFields } = this.store.settings.load();
    this.settings = settings;
    this.available = this.store.state.get('available', true, (v): v is boolean => typeof v === 'boolean');
    this.pausedUntilMs = this.store.state.get('pausedUntilMs', null, (v): v is number | null => v === null || typeof v === 'number');
    const store = this.store;
    this.availability = new AvailabilityController({
      store,
      settings: () => this.getSettings(),
      switchState: () => ({ on: this.available, pausedUntil: this.pausedUntilMs }),
      host: this.options.hostConditions ?? null,
      now: () => this.now(),
      log: (level, event, details) => this.log(level, event, details),
    });
    let services: NodeServices | null = null;
    try {
      const o = this.options;
      // Locks the node first: a refused second process must leave no trace in this node's data.
      services = new NodeServices({
        dataDir: o.dataDir,
        appVersion: o.appVersion,
        store: this.store,
        secrets: o.secretStore ?? new FileSecretStore(join(o.dataDir, 'secrets.json')),
        settings: () => this.getSettings(),
        capacity: () => this.capacity(),
        offered: () => this.available,
        log: (level, event, details, persist) => this.log(level, event, details, persist),
        onChange: () => this.publisher.markDirty(),
        backendApiKey: o.backendApiKey,
        taskHost: o.taskHost,
        taskPort: o.taskPort,
        allowPrivateEndpoint: o.allowPrivateEndpoint,
        fetchImpl: o.fetchImpl,
        directoryStartupRetryDelaysMs: o.directoryStartupRetryDelaysMs,
        directoryBackoffBaseMs: o.directoryBackoffBaseMs,
        detectWellKnown: o.detectWellKnown,
        nat: o.nat,
        relay: o.relay,
        tunnels: o.tunnels,
        pinhole: o.pinhole,
        publicFetch: o.publicFetch,
        earnings: o.earnings,
        taskLimits: o.taskLimits,
        onBackendProblem: (message) => this.setProblem('backend', message),
        onStoreProblem: (message) => this.setProblem('store', message),
        maxConcurrentFixed: o.overrides?.maxConcurrent !== undefined,
      });
      this.services = services;
      this.log('info', 'engine_start', `host=${this.options.host} version=${this.options.appVersion}`);
      if (this.options.restartedBecause) this.log('warn', 'engine_restarted', this.options.restartedBecause);
      if (folderWarning) this.log('warn', 'data_folder_not_private', folderWarning);
      if (invalidFields.length) {
        this.log('warn', 'settings_invalid', `fields reset to defaults: ${invalidFields.join(', ')}`);
      }
      if (this.pausedUntilMs !== null && this.pausedUntilMs <= this.now()) this.setAvailable(true, null, 'pause_expired');
      await services.start();
    } catch (err) {
      this.services = null;
      await services?.stop().catch(() => undefined);
      this.lifecycle.transition('stopping');
      this.lifecycle.transition('stopped', err instanceof Error ? err.message : String(err));
      this.publisher.markDirty();
      this.store?.close();
      this.store = null;
      throw err;
    }
    this.armPauseTimer();
    this.settle();
    this.armPolicyTick();
    this.notices.start();
    this.publisher.markDirty(); // the notices start from the state the node came up in
  }

  /** Tasks admitted at once right now: the policy's share of maxConcurrent while online (or degraded). */
  private capacity(): number {
    const st = this.lifecycle.state;
    if (st !== 'online' && st !== 'degraded') return 0;
    return this.availability?.result.capacity ?? 0;
  }

  private armPolicyTick(): void {
    if (this.policyTimer) clearInterval(this.policyTimer);
    this.policyTimer = setInterval(() => this.settle(), this.options.policyTickMs ?? POLICY_TICK_MS);
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
    this.clearPauseTimer();
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

  // ------------------------------------------------------------------------------------------------
  // Commands
  // ------------------------------------------------------------------------------------------------

  pause(untilMs: number | null = null): NodeSnapshot {
    this.requireRunning();
    if (untilMs !== null) {
      const now = this.now();
      if (untilMs <= now) throw new ContractError('invalid_request', 'The end of a pause must be in the future.');
      if (untilMs - now > MAX_PAUSE_MS) throw new ContractError('invalid_request', 'A timed pause can last at most 7 days.');
    }
    this.setAvailable(false, untilMs, 'manual');
    return this.publisher.current();
  }

  resume(): NodeSnapshot {
    this.requireRunning();
    this.setAvailable(true, null, 'manual');
    this.services?.rejoinIfRemoved();
    return this.publisher.current();
  }

  getSnapshot(): NodeSnapshot {
    return this.publisher.current();
  }

  /** The effective settings (stored, with this run's overrides on top); one object until they change. */
  getSettings(): Settings {
    const stored = this.requireSettings();
    if (this.merged?.stored !== stored) this.merged = { stored, value: Object.freeze({ ...stored, ...this.options.overrides }) };
    return this.merged.value;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const store = this.requireStore();
    // A value fixed by a flag for this run would be stored but never take effect: say so instead of "saved".
    const fixed = this.options.overrides ?? {};
    const refused = (Object.keys(patch) as (keyof Settings)[]).filter((k) => k in fixed && JSON.stringify(fixed[k]) !== JSON.stringify(patch[k]));
    if (refused.length > 0) {
      throw new ContractError(
        'invalid_request',
        'Some settings are fixed for this run by the host.',
        refused.map((k) => ({ path: k, message: 'Fixed for this run by a command-line flag or environment variable; change it there.' })),
      );
    }
    try {
      store.settings.update(patch);
    } catch (err) {
      throw new ContractError('store_error', `The settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.settings = { ...this.requireSettings(), ...patch };
    this.log('info', 'settings_changed', `fields=${Object.keys(patch).join(',')}`);
    this.services?.settingsChanged();
    this.settle(); // maxConcurrent and the conditions feed the policy
    this.publisher.markDirty();
    return this.getSettings();
  }

  listEvents(limit: number, beforeId?: number): EngineEvent[] {
    const store = this.requireStore();
    try {
      return store.events.list(limit, beforeId);
    } catch (err) {
      throw new ContractError('store_error', `The event log could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  appInfo(): AppInfo {
    return {
      apiVersion: API_VERSION,
      appVersion: this.options.appVersion,
      host: this.options.host,
      platform: process.platform,
      dataDir: this.options.dataDir,
      limitations: this.options.limitations ?? [],
      fixedSettings: Object.keys(this.options.overrides ?? {}) as (keyof Settings)[],
    };
  }

  /** The contract's commands bound to this engine; requests arrive already validated. */
  commandHandlers(): EngineCommandHandlers {
    return {
      getSnapshot: () => this.getSnapshot(),
      getAppInfo: () => this.appInfo(),
      pause: (r) => this.pause(r.untilMs ?? null),
      resume: () => this.resume(),
      getSettings: () => this.getSettings(),
      updateSettings: (r) => this.updateSettings(r),
      listEvents: (r) => this.listEvents(r.limit, r.beforeId),
      removeNode: () => this.removeNode(),
      detectBackends: (r) => this.detectBackends(r.extraUrls, r.apiKeys),
      chooseBackend: (r) => this.chooseBackend(r),
      completeSetup: (r) => this.completeSetup(r.startAtLogin),
      ...(this.setupQueries ??= createSetupQueries({ settings: () => this.getSettings(), services: () => this.services, fetchImpl: this.options.fetchImpl })),
      recheckReachability: () => this.recheckReachability(),
      checkNode: () => this.checkNode(),
      checkAgain: () => this.checkAgain(),
      getSchedule: () => this.getSchedule(),
      updateSchedule: (r) => this.updateSchedule(r),
      previewAvailability: (r) => this.previewAvailability(r.schedule, r.hours),
      setStartAtLogin: (r) => this.setStartAtLogin(r.enabled),
      getPricing: () => this.requireServices().earnings.pricing(),
      getEarnings: (r) => this.storeCall(() => this.requireServices().earnings.report(r.days)),
      listLedger: (r) => this.storeCall(() => this.requireServices().earnings.list(ledgerFilter(r), r.limit, r.beforeId)),
      exportLedger: (r) => this.storeCall(() => this.requireServices().earnings.exportCsv(ledgerFilter(r))),
      listRequests: (r) => this.storeCall(() => ({ rows: this.requireServices().requests.list(r.limit, r.beforeId, r.outcome) })),
      diagnoseTasks: () => this.requireServices().diagnoseTasks(),
      syncEarnings: async () => {
        this.requireRunning();
        await this.requireServices().earnings.syncNow();
        this.publisher.markDirty();
        return this.publisher.current();
      },
      setMembership: (r) => {
        this.requireServices().setMembership(r.credential);
        this.publisher.markDirty();
        return this.publisher.current();
      },
      ...this.diagnosticsHandlers(),
    };
  }

  /** "Save logs" and the diagnostics bundle (src-main/engine/diagnostics): they read the engine, never change it. */
  private diagnosticsHandlers() {
    return diagnosticsHandlers({
      appInfo: () => this.appInfo(),
      snapshot: () => this.getSnapshot(),
      settings: () => this.getSettings(),
      events: (limit, beforeId) => this.listEvents(limit, beforeId),
      runtime: () => this.services,
      // Read afresh each time: the node token changes with every registration.
      secretStore: () => this.options.secretStore ?? new FileSecretStore(join(this.options.dataDir, PLAIN_SECRETS_FILE)),
      backendApiKey: () => this.options.backendApiKey ?? null,
      dataDir: this.options.dataDir,
      now: () => this.clock(),
    });
  }

  /** The wizard's search for local LLM servers (the configured one is always among the candidates). */
  async detectBackends(extraUrls: readonly string[], apiKeys: readonly { url: string; apiKey: string }[]): Promise<DetectionResult> {
    if (!this.services) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.services.detect(extraUrls, apiKeys);
  }

  /** Saves the chosen server and models; the API key goes to the secret store, never to the database. */
  chooseBackend(r: { url: string; apiKey?: string | null; defaultModel: string | null; excludedModels: string[] }): Settings {
    if (!this.services) throw new ContractError('engine_unavailable', 'The node is not running.');
    if (r.apiKey !== undefined) {
      try {
        this.services.setBackendApiKey(r.apiKey);
      } catch (err) {
        throw new ContractError('store_error', `The API key could not be saved: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return this.updateSettings({ backendUrl: r.url, defaultModel: r.defaultModel, excludedModels: [...new Set(r.excludedModels)] });
  }

  /** Marks the first-run wizard done and records the start-at-login choice exactly once per answer. */
  completeSetup(startAtLogin: boolean): NodeSnapshot {
    const store = this.requireStore();
    try {
      store.db.transaction(() => {
        store.state.set('setupCompleted', true);
        store.state.set('startAtLogin', startAtLogin);
      })();
    } catch (err) {
      throw new ContractError('store_error', `The setup could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.log('info', 'setup_completed', `start_at_login=${startAtLogin}`);
    this.options.onStartAtLoginChosen?.(startAtLogin);
    this.publisher.markDirty();
    return this.publisher.current();
  }

  /** A later change of the start-at-login choice (Settings); recorded, then applied once by the shell. */
  setStartAtLogin(enabled: boolean): NodeSnapshot {
    const store = this.requireStore();
    // Recording "on" where nothing can apply it would be a promise the app cannot keep.
    if (enabled && !this.options.onStartAtLoginChosen) {
      throw new ContractError('invalid_state', 'This host cannot start the app at login (headless: run it as a service instead).');
    }
    try {
      store.state.set('startAtLogin', enabled);
    } catch (err) {
      throw new ContractError('store_error', `The choice could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.log('info', 'start_at_login', `enabled=${enabled}`);
    this.options.onStartAtLoginChosen?.(enabled);
    this.publisher.markDirty();
    return this.publisher.current();
  }

  getSchedule(): AvailabilitySchedule {
    return this.requireAvailability().current;
  }

  /** Replaces the weekly schedule and applies it at once (a window closing "now" takes effect now). */
  updateSchedule(schedule: AvailabilitySchedule): AvailabilitySchedule {
    const saved = this.requireAvailability().update(schedule);
    this.settle();
    this.publisher.markDirty();
    return saved;
  }

  previewAvailability(draft: AvailabilitySchedule | undefined, hours: number): AvailabilityPreview {
    return this.requireAvailability().preview(draft, hours);
  }

  /** Runs the reachability ladder again; the snapshot shows `checking` and then the result. */
  recheckReachability(): NodeSnapshot {
    this.requireRunning();
    this.services!.recheckReachability();
    this.publisher.markDirty();
    return this.publisher.current();
  }

  /**
   * The status card's "Check now": the LLM server is looked at and the directory contacted at once. The answer is
   * the snapshot as it stands; what the looks find arrives with the next snapshots.
   */
  checkAgain(): NodeSnapshot {
    this.requireRunning();
    this.services!.checkAgain();
    this.publisher.markDirty();
    return this.publisher.current();
  }

  /** "Check my node": starts the check (one at a time); the snapshot shows it running, then its report. */
  checkNode(): NodeSnapshot {
    this.requireRunning();
    this.services!.checkNode();
    this.publisher.markDirty();
    return this.publisher.current();
  }

  /** Explicit "remove this node": deregisters at the directory (deleting its reputation there). */
  async removeNode(): Promise<{ removed: boolean; message: string }> {
    this.requireRunning();
    const r = await this.services!.removeFromDirectory();
    // A removed node takes no more work until the person switches it on again (which rejoins).
    if (r.ok) this.setAvailable(false, null, 'removed');
    this.publisher.markDirty();
    return { removed: r.ok, message: r.message };
  }

  /** The running services, for hosts and tests that need the task port or the link. */
  get runtime(): NodeServices | null {
    return this.services;
  }

  // ------------------------------------------------------------------------------------------------
  // Problems (later parts report backend / directory trouble here)
  // ------------------------------------------------------------------------------------------------

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
    const had = this.problems.get(key);
    if (message === null) {
      if (had === undefined) return;
      this.problems.delete(key);
      this.log('info', 'problem_cleared', `${key}`);
    } else {
      if (had === message) return;
      this.problems.set(key, message);
      this.log('warn', 'problem', `${key}: ${message}`);
    }
    this.settle();
  }

  // ------------------------------------------------------------------------------------------------
  // Subscriptions
  // ------------------------------------------------------------------------------------------------

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

  // ------------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------------

  private requireServices(): NodeServices {
    if (!this.services) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.services;
  }

  /** A read of the ledger; a database that refuses it is a store error, not a bug. */
  private storeCall<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ContractError) throw err;
      throw new ContractError('store_error', `The ledger could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private requireAvailability(): AvailabilityController {
    if (!this.availability || !this.store) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.availability;
  }

  private now(): number {
    return this.clock().getTime();
  }

  private requireStore(): Store {
    if (!this.store) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.store;
  }

  private requireSettings(): Settings {
    if (!this.settings) throw new ContractError('engine_unavailable', 'The node is not running.');
    return this.settings;
  }

  private requireRunning(): void {
    if (!this.lifecycle.isRunning) {
      throw new ContractError('invalid_state', `The node is ${this.lifecycle.state}; try again when it is running.`);
    }
  }

  private setAvailable(available: boolean, untilMs: number | null, cause: string): void {
    const store = this.requireStore();
    try {
      store.db.transaction(() => {
        store.state.set('available', available);
        store.state.set('pausedUntilMs', available ? null : untilMs);
      })();
    } catch (err) {
      throw new ContractError('store_error', `The switch could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    const changed = this.available !== available || this.pausedUntilMs !== (available ? null : untilMs);
    this.available = available;
    this.pausedUntilMs = available ? null : untilMs;
    this.armPauseTimer();
    if (changed) {
      const until = this.pausedUntilMs ? ` until=${new Date(this.pausedUntilMs).toISOString()}` : '';
      this.log('info', available ? 'availability_on' : 'availability_off', `cause=${cause}${until}`);
      this.services?.offeredChanged();
    }
    this.settle();
  }

  private armPauseTimer(): void {
    this.clearPauseTimer();
    if (this.available || this.pausedUntilMs === null) return;
    // setTimeout cannot wait longer than ~24.8 days; pauses are capped at 7 days so one timer suffices.
    const wait = Math.max(0, this.pausedUntilMs - this.now());
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = null;
      if (this.lifecycle.isRunning) this.setAvailable(true, null, 'pause_expired');
    }, wait);
    this.pauseTimer.unref?.();
  }

  private clearPauseTimer(): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
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
    } else if (this.problems.size > 0) {
      changed = this.lifecycle.transition('degraded', [...this.problems.values()].join(' '));
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
    if (!persist) {
      // Routine events (a heartbeat every 30 s) go to the node log files only, not the database or the UI.
      return;
    }
    let record: EngineEvent;
    try {
      record = this.store
        ? this.store.events.append(level, event, details)
        : { id: 0, ts: this.clock().toISOString(), level, event, details };
    } catch {
      // A full or read-only disk must not take the engine down with it; the event still reaches the UI.
      record = { id: 0, ts: this.clock().toISOString(), level, event, details };
    }
    // A repeat counted on a row already shown updates that row in place.
    const shown = (record.count ?? 1) > 1 ? this.recentEvents.findIndex((e) => e.id === record.id) : -1;
    if (shown >= 0) this.recentEvents[shown] = record;
    else {
      this.recentEvents.unshift(record);
      this.recentEvents.length = Math.min(this.recentEvents.length, RECENT_EVENTS);
    }
    // Notices count rejected receipts: they hear of every occurrence, not only of the pushed ones.
    this.notices.event(record);
    this.eventPush.push(record);
    this.publisher.markDirty();
  }

  private setupState(): NodeSnapshot['setup'] {
    if (!this.store) return { completed: false, startAtLogin: null };
    return {
      completed: this.store.state.get('setupCompleted', false, (v): v is boolean => typeof v === 'boolean'),
      startAtLogin: this.store.state.get('startAtLogin', null, (v): v is boolean | null => v === null || typeof v === 'boolean'),
    };
  }

  private buildSnapshot(version: number): NodeSnapshot {
    const s = this.settings ? this.getSettings() : null;
    const maxConcurrent = s?.maxConcurrent ?? 0;
    const parts = this.services?.snapshotParts();
    return {
      schema: 1,
      version,
      emittedAt: this.clock().toISOString(),
      host: this.options.host,
      appVersion: this.options.appVersion,
      state: this.lifecycle.state,
      stateSince: new Date(this.lifecycle.since).toISOString(),
      stateReason: this.lifecycle.reason,
      available: this.available,
      pausedUntil: this.pausedUntilMs === null ? null : new Date(this.pausedUntilMs).toISOString(),
      node: { nodeId: parts?.nodeId ?? null, displayName: s?.displayName ?? '', region: s?.region ?? '' },
      directory: parts?.directory ?? { link: 'not_configured', url: s?.directoryUrl ?? '', lastHeartbeatAt: null, registeredAt: null, nextAttemptAt: null, message: 'The node is not running.', membership: false },
      backend: parts?.backend ?? { status: 'not_configured', url: s?.backendUrl ?? null, flavour: null, models: [], message: null },
      availability: this.availability?.info() ?? idleAvailability(s),
      earnings: parts?.earnings ?? {
        today: { jobs: 0, tokens: 0, awarded: 0, pending: 0, rejected: 0 },
        balance: null,
        totalEarned: null,
        asOf: null,
        syncError: null,
        reputationScore: null,
        probation: null,
        completedTasks: null,
        outbox: 0,
        timeZone: systemTimeZone(),
      },
      reachability: parts?.reachability ?? {
        status: 'unknown',
        rungWords: null,
        relay: null,
        tunnel: null,
        pinhole: null,
        check: { running: false, last: null },
        verified: false,
        verifiedAt: null,
        method: null,
        endpoint: null,
        message: null,
        taskPort: null,
        localAddress: null,
        routerExternalIp: null,
        natWarning: null,
        mapping: null,
        transportMethod: null,
        exposureMode: null,
        steps: [],
      },
      capacity: parts?.capacity ?? { maxConcurrent, effectiveMaxConcurrent: 0, activeJobs: 0 },
      today: parts?.today ?? { jobs: 0, credits: null },
      recentTasks: parts?.recentTasks ?? [],
      requests: parts?.requests ?? idleRequests(),
      setup: this.setupState(),
      engineProcess: runningEngine(this.createdAt, process.pid),
      // The desktop app fills in its updater's status; the headless host has none, and says how to update it instead.
      update: updatesNotSupported(this.options.appVersion, s?.checkForUpdates ?? true, this.options.host === 'headless' ? HEADLESS_UPDATES : UPDATES_ELSEWHERE),
      recentEvents: [...this.recentEvents],
      notices: this.notices.list(),
    };
  }
}

/** What the snapshot says about availability before the node has started (or after it stopped). */
function idleAvailability(s: Settings | null): AvailabilityInfo {
  return {
    share: 0,
    windowShare: 0,
    reason: null,
    message: null,
    window: null,
    nextChangeAt: null,
    timeZone: systemTimeZone(),
    windowCount: 0,
    outsideShare: 0,
    conditions: { onlyOnMains: s?.onlyOnMains ?? false, idleMinutes: s?.idleMinutes ?? null, supported: false, onBattery: null, idleSeconds: null },
  };
}

/** The requests feed before the node has started (or after it stopped): nothing answered. */
function idleRequests(): NodeSnapshot['requests'] {
  return { day: localDay(Date.now(), systemTimeZone()), served: 0, refused: 0, failed: 0, reasons: [], advice: [], recent: [], unlisted: 0 };
}

function ledgerFilter(r: { from?: number; to?: number; model?: string; receipt?: ReceiptState }): LedgerFilter {
  const f: LedgerFilter = {};
  if (r.from !== undefined) f.from = r.from;
  if (r.to !== undefined) f.to = r.to;
  if (r.model !== undefined) f.model = r.model;
  if (r.receipt !== undefined) f.receipt = r.receipt;
  return f;
}

/**
 * What the person can ask of the node itself (the contract's commands the rooms do not answer): each checks that the
 * node can do it now, does it through the part that owns it, and answers with the state after it.
 */
import { join } from 'node:path';
import {
  API_VERSION,
  DEFAULT_SETTINGS,
  type AppInfo,
  type EngineEvent,
  type EventLevel,
  type NodeSnapshot,
  type Settings,
} from '@shared/contract';
import type { CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import { rotateAtDirectory } from '../directory';
import { FileSecretStore, OperatorIdentity, PLAIN_SECRETS_FILE } from '../identity';
import { ScheduleCommands } from '../availability';
import type { NodeParts } from './assemble';
import { removedFromDirectory } from './directory-reports';
import type { Store } from '../store';
import type { NodeServices } from './node-services';
import { SettingsChange } from './settings-change';
import { completeSetup, setStartAtLogin } from './setup-state';
import type { NodeCore } from './node-core';

/**
 * The node's own commands (the switch, the settings, the schedule, setup, the event log, leaving the directory), and
 * the gate every room's command bindings pass (engine-commands.ts composes the table).
 */
export class NodeCommands {
  /** The person's operator identity: asked before setup and while the node is stopped too (the wizard makes it). */
  readonly operator: OperatorIdentity;
  /** The weekly schedule's commands (availability/schedule-commands.ts); a saved one feeds the policy. */
  readonly schedule = new ScheduleCommands({
    availability: () => (this.n.store() ? this.n.availability() : null),
    scheduleChanged: () => {
      this.n.settle();
      this.n.changed();
    },
  });
  /** What a room's bindings may ask of the node: whether it runs, a change on the disk, the snapshot after it. */
  readonly gate: CommandGate = {
    requireRunning: () => this.requireRunning(),
    saved: async (value) => {
      await this.flushStore();
      return value;
    },
    publishNow: () => this.publishNow(),
  };

  constructor(private readonly n: NodeCore) {
    const o = n.options;
    this.operator = new OperatorIdentity({
      // The running node's store while it runs (one cache of the file, never two writers); else the data folder's.
      secrets: () => n.services()?.secrets ?? o.secretStore ?? new FileSecretStore(join(o.dataDir, PLAIN_SECRETS_FILE)),
      now: o.clock,
      log: (level, event, details) => n.log(level, event, details),
      identityChanged: () => {
        n.services()?.operatorChanged();
        n.changed();
      },
      stateChanged: () => n.changed(),
      selfMachine: () => {
        const running = n.services();
        return running && n.settings.loaded
          ? { nodeId: running.identity.nodeId, name: n.settings.effective().displayName }
          : null;
      },
      // Before the first start no settings are read yet: the directory is then the one this run is given, or the
      // default.
      rotateAtDirectory: (current, next) => {
        const baseUrl = n.settings.loaded
          ? n.settings.effective().directoryUrl
          : (o.overrides?.directoryUrl ?? DEFAULT_SETTINGS.directoryUrl);
        return rotateAtDirectory({
          baseUrl,
          current,
          next,
          nowSeconds: () => (o.clock?.() ?? new Date()).getTime() / 1000,
          fetchImpl: o.fetchImpl,
        });
      },
    });
  }

  getSnapshot(): NodeSnapshot {
    return this.n.snapshot();
  }

  /** The effective settings (stored, with this run's overrides on top). */
  getSettings(): Settings {
    return this.n.settings.effective();
  }

  pause(untilMs: number | null = null): NodeSnapshot {
    this.requireRunning();
    this.n.switch.pause(untilMs);
    return this.n.snapshot();
  }

  resume(): NodeSnapshot {
    this.requireRunning();
    this.n.switch.set(true, null, 'manual');
    this.rejoinIfRemoved();
    return this.n.snapshot();
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const store = this.requireStore();
    const before = this.n.settings.effective();
    const saved = this.n.settings.update(store, patch);
    const change = new SettingsChange(before, saved);
    // The fields whose value moved, not those sent: a form sends a whole group, a page may send what is saved.
    if (change.fields.length > 0) this.n.log('info', 'settings_changed', `fields=${change.fields.join(',')}`);
    this.n.services()?.settingsChanged(change);
    if (change.changed('ownerFirst')) this.n.owner()?.settingsChanged();
    this.n.settle(); // maxConcurrent and the conditions feed the policy
    this.n.changed();
    return saved;
  }

  listEvents(limit: number, beforeId?: number): EngineEvent[] {
    const store = this.requireStore();
    try {
      return store.events.list(limit, beforeId);
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.node.eventsUnreadable', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
  }

  appInfo(): AppInfo {
    const o = this.n.options;
    return {
      apiVersion: API_VERSION,
      appVersion: o.appVersion,
      host: o.host,
      platform: process.platform,
      dataDir: o.dataDir,
      limitations: o.limitations ?? [],
      fixedSettings: Object.keys(o.overrides ?? {}) as (keyof Settings)[],
    };
  }

  /** Marks the first-run wizard done and records the start-at-login choice exactly once per answer. */
  completeSetup(startAtLogin: boolean): NodeSnapshot {
    completeSetup(this.requireStore(), startAtLogin, this.setupOptions());
    void this.n.services()?.parts.looks.setUpNow();
    return this.publishNow();
  }

  /** A later change of the start-at-login choice (Settings); recorded, then applied once by the shell. */
  setStartAtLogin(enabled: boolean): NodeSnapshot {
    setStartAtLogin(this.requireStore(), enabled, this.setupOptions());
    return this.publishNow();
  }

  /**
   * The status card's "Check now": the LLM server is looked at and the directory contacted at once. The answer is
   * the snapshot as it stands; what the looks find arrives with the next snapshots.
   */
  checkAgain(): NodeSnapshot {
    const parts = this.runningParts();
    void parts.offer.refresh().then(
      () => this.n.changed(),
      () => undefined,
    );
    parts.link.tryNow();
    return this.publishNow();
  }

  /** Explicit "remove this node": deregisters at the directory (deleting its reputation there). */
  async removeNode(): Promise<{ removed: boolean; message: string }> {
    const parts = this.runningParts();
    const r = await parts.link.deregister();
    if (r.ok) {
      // Remembered, so a restart does not silently register again; and a removed node takes no more work until the
      // person switches it on again (which rejoins).
      this.n.store()?.state.set('removedFromDirectory', true);
      this.n.switch.set(false, null, 'removed');
    }
    this.n.changed();
    return { removed: r.ok, message: r.message };
  }

  requireServices(): NodeServices {
    const services = this.n.services();
    if (!services) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    return services;
  }

  requireRunning(): void {
    if (!this.n.running())
      throw new ContractError('invalid_state', said('refusal.node.notRunningNow', { state: this.n.stateName() }));
  }

  publishNow(): NodeSnapshot {
    this.n.changed();
    return this.n.snapshot();
  }

  async flushStore(): Promise<void> {
    const store = this.n.store();
    if (!store) return;
    try {
      await store.flush();
    } catch (err) {
      throw new ContractError(
        'store_error',
        said('refusal.node.notWrittenThrough', { detail: err instanceof Error ? err.message : String(err) }),
      );
    }
  }

  /** The running rooms of a node that runs (a node that is starting or stopping is not asked). */
  runningParts(): NodeParts {
    this.requireRunning();
    return this.n.services()!.parts;
  }

  /** The person switched the node on again after a removal: join as a new registration. */
  private rejoinIfRemoved(): void {
    const store = this.n.store();
    const parts = this.n.services()?.parts;
    if (!store || !parts || !removedFromDirectory(store)) return;
    store.state.set('removedFromDirectory', false);
    parts.link.start();
    parts.link.requestReregister('rejoined');
  }

  private requireStore(): Store {
    const store = this.n.store();
    if (!store) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    return store;
  }

  private setupOptions() {
    return {
      log: (level: EventLevel, event: EngineEventName, details: string) => this.n.log(level, event, details),
      onStartAtLoginChosen: this.n.options.onStartAtLoginChosen,
    };
  }
}

/**
 * The node's standing parts, made once per engine (not per run): the outputs to the hosts, the running state, the
 * settings, the availability switch, the node's own commands and the owner-first reactions. They find the run's
 * store and rooms through the functions given, as those come and go with each start and stop.
 */
import { join } from 'node:path';
import type { EventLevel, NodeSnapshot } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { AvailabilitySwitch, systemTimeZone } from '../availability';
import { fleetHooks } from '../fleet';
import { FileSecretStore } from '../identity';
import type { Clock, Store } from '../store';
import { NodeCommands } from './node-commands';
import { NodeOutputs } from './node-outputs';
import type { NodeServices, NodeServicesOptions } from './node-services';
import { runtimeOptions, type ProviderNodeOptions } from './options';
import { OwnerReactions } from './owner-reactions';
import { RunningState } from './running-state';
import { SettingsHolder } from './settings-holder';
import { setupState } from './setup-state';

/** What the standing parts ask of the engine: its clock, its log, and the store and rooms of the current run. */
export interface CentreHooks {
  clock: Clock;
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  store: () => Store | null;
  requireStore: () => Store;
  services: () => NodeServices | null;
  snapshot: (version: number) => NodeSnapshot;
}

export interface NodeCentre {
  out: NodeOutputs;
  run: RunningState;
  settings: SettingsHolder;
  switch: AvailabilitySwitch;
  commands: NodeCommands;
  owner: OwnerReactions;
}

export function assembleCentre(options: ProviderNodeOptions, h: CentreHooks): NodeCentre {
  const now = () => h.clock().getTime();
  const log = (level: EventLevel, event: EngineEventName, details: string) => h.log(level, event, details);
  const changed = () => out.changed();
  const { tuning } = options;
  const out = new NodeOutputs({
    build: h.snapshot,
    now,
    clock: h.clock,
    store: h.store,
    snapshotIntervalMs: tuning?.snapshotIntervalMs,
    noticeDebounceMs: options.noticeDebounceMs,
  });
  const run = new RunningState({
    now,
    log,
    changed,
    capacityChanged: () => h.services()?.capacityChanged(),
    dayTurned: () => h.services()?.dayTurned() ?? false,
    policyTickMs: tuning?.policyTickMs,
  });
  const settle = () => run.settle();
  const settings = new SettingsHolder(options.overrides);
  const sw = new AvailabilitySwitch({
    store: h.requireStore,
    now,
    running: () => run.lifecycle.isRunning,
    log,
    flipped: () => h.services()?.offeredChanged(),
    settle,
  });
  const commands = new NodeCommands({
    options,
    settings,
    switch: sw,
    changed,
    settle,
    log,
    services: h.services,
    store: h.store,
    availability: () => run.availability,
    owner: () => owner.watch,
    running: () => run.lifecycle.isRunning,
    stateName: () => run.lifecycle.state,
    snapshot: () => out.current(),
  });
  const owner = new OwnerReactions({
    services: h.services,
    store: h.store,
    settings: () => settings.effective(),
    now,
    log,
    settle,
    changed,
    tuning: tuning?.owner,
  });
  return { out, run, settings, switch: sw, commands, owner };
}

/** The running parts' options: this node's state and callbacks, and the host's seams passed on unchanged. */
export function servicesOptions(
  o: ProviderNodeOptions,
  c: NodeCentre,
  h: CentreHooks,
  store: Store,
): NodeServicesOptions {
  const secrets = o.secretStore ?? new FileSecretStore(join(o.dataDir, 'secrets.json'));
  return {
    dataDir: o.dataDir,
    appVersion: o.appVersion,
    store,
    secrets,
    settings: () => c.settings.effective(),
    capacity: () => c.run.capacity(),
    offered: () => c.switch.on,
    ownerBusy: () => c.owner.busySeconds(),
    ownerUse: () => c.owner.use(),
    energy: c.owner.energy,
    onChange: () => c.out.changed(),
    log: (level, event, details, persist) => h.log(level, event, details, persist),
    ...runtimeOptions(o),
    onBackendProblem: (message) => c.run.problems.set('backend', message),
    onStoreProblem: (message) => c.run.problems.set('store', message),
    maxConcurrentFixed: o.overrides?.maxConcurrent !== undefined,
    // A node that registered before was set up then, though the wizard's end was never stored (a headless node started
    // once with `--backend-url`, then without it): it keeps its place in the network.
    setUp: () => setupState(store, o.overrides).completed || secrets.get('node_token') !== null,
    operator: c.commands.operator.linkHooks,
    fleet: fleetHooks({
      operator: c.commands.operator,
      sw: c.switch,
      availability: () => c.run.availability,
      notices: c.out.notices,
      timeZone: systemTimeZone(),
      owner: () => c.owner.state(() => '').info,
      log: (l, e, d) => h.log(l, e, d),
      rename: (displayName) => c.commands.updateSettings({ displayName }),
    }),
  };
}

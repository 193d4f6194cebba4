/**
 * The contract's command table, composed from the rooms' own bindings (`<room>-commands.ts` in each room) and the
 * node's own commands (node-commands.ts). Each room is handed the node's gate and what it reaches of the running
 * node; requests arrive already validated by the dispatcher.
 */
import { join } from 'node:path';
import type { NodeSnapshot, Settings } from '@shared/contract';
import type { CommandBindings, EngineCommandHandlers } from '@shared/contract/dispatch';
import { CONFIRM_ELSEWHERE, detectLocalServers, newServerUrls, serverCommands, vetServerUrls } from '../backends';
import { scheduleCommands } from '../availability';
import { diagnosticsHandlers } from '../diagnostics';
import { directoryCommands } from '../directory';
import { earningsCommands } from '../earnings';
import { fleetCommands, refuseTakenName, type FleetService } from '../fleet';
import { gatewayCommands } from '../gateway';
import { FileSecretStore, operatorCommands, PLAIN_SECRETS_FILE } from '../identity';
import { natCommands } from '../nat';
import { noticeCommands, type NoticeFeed } from '../notices';
import { ownerCommands, type OwnerWatch } from '../owner';
import { requestsCommands } from '../requests';
import type { NodeCommands } from './node-commands';
import type { NodeServices } from './node-services';
import type { ProviderNodeOptions } from './options';

/** What the table is made from: the node's commands and what the rooms' bindings read of the node. */
export interface CommandSources {
  commands: NodeCommands;
  options: ProviderNodeOptions;
  notices: NoticeFeed;
  /** The running parts, or null while the node is not running. */
  services(): NodeServices | null;
  /** The owner-first watcher, or null while the node is not running. */
  owner(): OwnerWatch | null;
  snapshot(): NodeSnapshot;
  settings(): Settings;
  /** The programs the owner-first watcher yielded to since the engine started (the diagnostics mask them). */
  programNames(): readonly string[];
  now(): Date;
}

/**
 * The contract's command table of one engine: make it once, as some bindings keep answers (regions, one diagnosis at a
 * time).
 */
export function engineCommandHandlers(x: CommandSources): EngineCommandHandlers {
  const t = x.commands;
  const { gate } = t;
  const o = x.options;
  // The running node, or `engine_unavailable`.
  const up = () => t.requireServices();
  const fleet = () => up().parts.fleet;
  const backendSeams = {
    backendApiKey: o.backendApiKey,
    resolveHost: o.tuning?.resolveHost,
    wellKnown: o.tuning?.detectWellKnown,
  };
  return {
    ...nodeBindings(t, fleet, o),
    ...serverCommands({
      gate,
      ...backendSeams,
      settings: () => t.getSettings(),
      secrets: () => up().secrets,
      keysChanged: () => up().parts.offer.forgetBackend(),
      update: (patch) => t.updateSettings(patch),
      lookNow: async () => {
        const parts = up().parts;
        await parts.looks.refresh();
        return parts.offer.observation;
      },
    }),
    ...directoryCommands({
      gate,
      settings: x.settings,
      running: () => ({ link: up().parts.link, secrets: up().secrets }),
      discovery: () => x.services()?.parts.discovery ?? null,
      fetchImpl: o.fetchImpl,
    }),
    ...scheduleCommands(gate, t.schedule),
    ...earningsCommands(gate, () => up().earnings),
    ...natCommands({ gate, running: () => t.runningParts() }),
    ...ownerCommands(gate, x.owner),
    ...requestsCommands(gate, () => up().runningRequests()),
    ...operatorCommands(t.operator),
    ...gatewayCommands(gate, () => up().parts.gateway),
    ...fleetCommands({
      gate,
      running: () => {
        const s = up();
        return { fleet: s.parts.fleet, selfNodeId: s.identity.nodeId, secrets: s.secrets, log: s.parts.log };
      },
      updateSettings: (patch) => t.updateSettings(patch),
    }),
    ...noticeCommands(x.notices, gate),
    // "Save logs" and the diagnostics bundle read the engine, never change it.
    ...diagnosticsHandlers({
      appInfo: () => t.appInfo(),
      snapshot: () => x.snapshot(),
      settings: () => x.settings(),
      events: (limit, beforeId) => t.listEvents(limit, beforeId),
      runtime: () => {
        const s = x.services();
        return (
          s && {
            taskPort: s.taskPort,
            detect: (extraUrls, apiKeys) =>
              detectLocalServers(
                { ...backendSeams, settings: t.getSettings(), secrets: s.secrets },
                extraUrls,
                apiKeys,
              ),
          }
        );
      },
      // Read afresh each time: the node token changes with every registration.
      secretStore: () => o.secretStore ?? new FileSecretStore(join(o.dataDir, PLAIN_SECRETS_FILE)),
      backendApiKey: () => o.backendApiKey ?? null,
      // Names of programs and of this computer, masked wherever they appear.
      programNames: () => x.programNames(),
      machines: () => x.services()?.parts.machines.access()?.machines ?? [],
      machine: o.tuning?.machine,
      dataDir: o.dataDir,
      now: () => x.now(),
    }),
  };
}

type NodeOwnCommands =
  | 'getSnapshot'
  | 'getAppInfo'
  | 'pause'
  | 'resume'
  | 'getSettings'
  | 'updateSettings'
  | 'listEvents'
  | 'removeNode'
  | 'completeSetup'
  | 'setStartAtLogin'
  | 'checkAgain';

/** The node's own commands. A change the person made is answered only once it is on the disk (`gate.saved`). */
function nodeBindings(
  t: NodeCommands,
  fleet: () => FleetService,
  o: ProviderNodeOptions,
): CommandBindings<NodeOwnCommands> {
  const { saved } = t.gate;
  return {
    getSnapshot: () => t.getSnapshot(),
    getAppInfo: () => t.appInfo(),
    pause: (r) => saved(t.pause(r.untilMs ?? null)),
    resume: () => saved(t.resume()),
    getSettings: () => t.getSettings(),
    // A server address a change brings is judged like one added: settings are one more way in for it. A link-local
    // one is confirmed where the person chooses or adds a server, so the refusal says where.
    updateSettings: async (r) => {
      if (r.displayName !== undefined) refuseTakenName(fleet, r.displayName, 'displayName');
      await vetServerUrls(newServerUrls(r, t.getSettings()), {
        confirmLinkLocal: false,
        hint: CONFIRM_ELSEWHERE,
        resolve: o.tuning?.resolveHost,
      });
      return saved(t.updateSettings(r));
    },
    listEvents: (r) => t.listEvents(r.limit, r.beforeId),
    removeNode: async () => {
      const r = await t.removeNode();
      // The directory has already forgotten the node: a flush that fails cannot undo that, so the answer still goes.
      await t.flushStore().catch(() => undefined);
      return r;
    },
    completeSetup: (r) => saved(t.completeSetup(r.startAtLogin)),
    setStartAtLogin: (r) => saved(t.setStartAtLogin(r.enabled)),
    checkAgain: () => t.checkAgain(),
  };
}

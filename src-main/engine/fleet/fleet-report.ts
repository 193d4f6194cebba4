/**
 * The fleet as the pages read it: the short summary (how many machines, how many online, which are down since an
 * alert) and the Machines page's full view, this computer first and the others by name.
 */
import type { FleetInfo, FleetSummary } from '@shared/contract';
import type { MachineRef } from '../identity';
import { machineView, selfView } from './fleet-view';
import type { FleetAccess, SelfFacts } from './fleet-types';
import type { SeenMachines } from './seen-machines';

/** What the reports read of the service. */
export interface FleetReportDeps {
  selfNodeId: string;
  access: () => FleetAccess | null;
  seen: SeenMachines;
  roster: (access: FleetAccess) => MachineRef[];
  nameOf: (m: { nodeId: string; name?: string }) => string;
  self: () => SelfFacts;
  now: () => number;
  settleMs: () => number;
}

export function fleetSummary(d: FleetReportDeps): FleetSummary | null {
  const access = d.access();
  if (!access) return null;
  const others = d.roster(access).filter((m) => m.nodeId !== d.selfNodeId);
  const down = others.flatMap((m) => {
    const s = d.seen.get(m.nodeId);
    return s?.state === 'down' && s.alertSince !== null
      ? [{ nodeId: m.nodeId, name: d.nameOf(m), since: new Date(s.alertSince).toISOString() }]
      : [];
  });
  const online = others.filter((m) => d.seen.get(m.nodeId)?.state === 'online').length + 1;
  return { machines: others.length + 1, online, down };
}

/** The Machines page's view; `base` is what it shows whether or not there is an operator identity. */
export function fleetInfo(d: FleetReportDeps, base: Omit<FleetInfo, 'state' | 'machines'>): FleetInfo {
  const access = d.access();
  if (!access) return { state: 'none', machines: [], ...base };
  const list = d.roster(access).map((m) => ({ ...m, name: d.nameOf(m) }));
  const self = list.find((m) => m.nodeId === d.selfNodeId)!;
  const others = list.filter((m) => m !== self).sort((a, b) => a.name.localeCompare(b.name));
  const now = d.now();
  return {
    state: 'active',
    machines: [
      selfView(self, d.self(), now),
      ...others.map((m) => machineView(m, d.seen.get(m.nodeId), now, d.settleMs())),
    ],
    ...base,
  };
}

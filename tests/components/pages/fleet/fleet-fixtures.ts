/** The machines the Machines page tests show: this computer by default, patched per test. */
import type { FleetInfo, FleetMachine } from '@shared/contract';
import { said } from '@shared/i18n/said';

export function machine(patch: Partial<FleetMachine> = {}): FleetMachine {
  const now = new Date().toISOString();
  return {
    nodeId: 'node-1',
    name: 'Kitchen PC',
    self: true,
    state: 'online',
    words: said('fleet.words.selfRunning'),
    lastSeen: now,
    models: ['qwen2.5:7b'],
    slots: { busy: 1, total: 4 },
    reputation: { score: 0.9, completedTasks: 6 },
    today: { tasks: 6, credits: 0.35 },
    window: { inside: true, switchedOn: true, inForce: null, nextChangeAt: null, timeZone: 'UTC' },
    ownerFirst: null,
    alertSince: null,
    sources: { directory: { at: now, problem: null }, machine: { at: now, problem: null } },
    ...patch,
  };
}

export function fleetInfo(machines: FleetMachine[]): FleetInfo {
  return {
    state: 'active',
    machines,
    walletNodes: null,
    intervalMs: 30_000,
    webhook: { set: false, pending: 0, last: null },
    shareOwnerFirst: false,
    discoveredAt: null,
  };
}

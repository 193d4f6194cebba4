/**
 * The Network page's commands: the reachability ladder run again, "Check my node", and the directory's instant dial
 * of the node. Each starts its work in the background; the snapshot shows it running and then what it found.
 */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { said } from '@shared/i18n/said';
import type { NodeCheckRunner } from './node-check-runner';
import type { Reachability } from './reachability';

export interface NatCommandSources {
  gate: CommandGate;
  /** The running node's way in and its check; throws `invalid_state` unless the node runs. */
  running(): { reach: Reachability; check: NodeCheckRunner };
}

export function natCommands(t: NatCommandSources): CommandBindings<'recheckReachability' | 'checkNode' | 'probeNode'> {
  return {
    recheckReachability: () => {
      void t.running().reach.recheck(said('ladder.reason.asked'));
      return t.gate.publishNow();
    },
    // One check at a time; the snapshot shows it running, then its report.
    checkNode: () => {
      t.running().check.run();
      return t.gate.publishNow();
    },
    probeNode: () => {
      void t.running().check.probe();
      return t.gate.publishNow();
    },
  };
}

/**
 * The requests' commands: the feed's rows, "Why am I not getting tasks?" (one at a time), what the network asks for,
 * and pulling a model onto an Ollama server on the person's click (its progress comes with the snapshots).
 */
import type { TaskDiagnosis } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { InFlight } from '../net';
import { storeCall } from '../store';
import type { DemandService } from './demand-service';
import type { RequestFeed } from './request-feed';
import { diagnoseNow, type DiagnosisSources } from './task-diagnosis';

/** The running node's feed, demand and what the diagnosis reads. */
export interface RunningRequests {
  requests: RequestFeed;
  demand: DemandService;
  diagnosis: DiagnosisSources;
}

type RequestCommands = 'listRequests' | 'diagnoseTasks' | 'getDemand' | 'pullModel' | 'cancelPull';

/** `running` throws `engine_unavailable` while the node is not running. */
export function requestsCommands(gate: CommandGate, running: () => RunningRequests): CommandBindings<RequestCommands> {
  const diagnosing = new InFlight<TaskDiagnosis>();
  return {
    listRequests: (r) => storeCall(() => ({ rows: running().requests.list(r.limit, r.beforeId, r.outcome) })),
    diagnoseTasks: () => {
      const { diagnosis } = running();
      return diagnosing.run('', () => diagnoseNow(diagnosis));
    },
    // The directory read at most every 5 minutes; every 30 s with `refresh`.
    getDemand: (r) => running().demand.get(r.refresh),
    pullModel: (r) => {
      running().demand.startPull(r.server, r.model);
      return gate.publishNow();
    },
    cancelPull: () => {
      running().demand.cancelPull();
      return gate.publishNow();
    },
  };
}

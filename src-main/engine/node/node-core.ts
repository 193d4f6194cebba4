/** What the node's own commands need of the node that runs them (node-commands.ts). */
import type { EventLevel, NodeSnapshot } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { AvailabilityController, AvailabilitySwitch } from '../availability';
import type { Store } from '../store';
import type { NodeServices } from './node-services';
import type { ProviderNodeOptions } from './options';
import type { SettingsHolder } from './settings-holder';
import type { OwnerWatch } from '../owner';

/** What the commands need of the node that runs them: its state, and its running rooms (reached directly). */
export interface NodeCore {
  readonly options: ProviderNodeOptions;
  readonly settings: SettingsHolder;
  readonly switch: AvailabilitySwitch;
  /** The running parts, or null while the node is not running. */
  services(): NodeServices | null;
  store(): Store | null;
  availability(): AvailabilityController | null;
  /** The owner-first watcher, or null while the node is not running. */
  owner(): OwnerWatch | null;
  running(): boolean;
  /** The state as the running node describes it now (for `invalid_state`). */
  stateName(): string;
  snapshot(): NodeSnapshot;
  changed(): void;
  /** Derive the running state again (a setting or the schedule feeds the policy). */
  settle(): void;
  log(level: EventLevel, event: EngineEventName, details: string): void;
}

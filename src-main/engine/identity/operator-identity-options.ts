/** What the operator identity is given: the secret store in use, the directory's rotation, and whom to tell. */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { MachineRef } from './machine-list';
import type { RotationOutcome } from './operator-delegation';
import type { OperatorKey } from './operator-key';
import type { SecretStore } from './secret-store';

export interface OperatorIdentityOptions {
  /** The secret store in use now: the running node's, or the data folder's while the node is stopped. */
  secrets: () => SecretStore;
  now?: () => Date;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  /** The identity was made, renamed, imported or given a new key: the directory should hear of it soon. */
  identityChanged: () => void;
  /** What the directory said about it changed: a new snapshot. */
  stateChanged: () => void;
  /**
   * Moves the identity from `current` to `next` at the directory (its key rotation); throws a ContractError in words
   * when the directory does not. Absent: no directory to ask (the new key is simply used).
   */
  rotateAtDirectory?: (current: OperatorKey, next: OperatorKey) => Promise<RotationOutcome>;
  /**
   * This computer's node and name, which an export file carries among the operator's machines; null before it has one.
   */
  selfMachine?: () => MachineRef | null;
}

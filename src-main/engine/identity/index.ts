/**
 * The identity room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { canonicalJson } from './canonical-json';
export { InstanceLock, liveLockOwners, refuseServedFolder } from './instance-lock';
export { machineName, mergeMachines, metMachine, rebaseMachines, sameMachines, type MachineRef } from './machine-list';
export { machineNamer, namedNode, type MachineNamer } from './machine-names';
export { MyMachines } from './my-machines';
export { claimNode, storedNodeId, type NodeIdentity } from './node-identity';
export { operatorCommands } from './operator-commands';
export {
  signDelegation,
  type OperatorLinkHooks,
  type OperatorRegistration,
  type RotationOutcome,
} from './operator-delegation';
export { readOperatorFile } from './operator-file';
export { OperatorIdentity } from './operator-identity';
export { type OperatorKey } from './operator-key';
export { isOwnNode, operatorFingerprintOf, type ListedNode } from './own-nodes';
export {
  FileSecretStore,
  PLAIN_SECRETS_FILE,
  SEALED_SECRETS_FILE,
  SECRET_NAMES,
  SecretStoreError,
  plainSecretCodec,
  type SecretCodec,
  type SecretName,
  type SecretStore,
} from './secret-store';

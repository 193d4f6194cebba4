/**
 * In-process stand-in for the production (PHP) IICP directory, for provider tests.
 * Start it with `startTestDirectory()`, point the provider at `directory.url`, inspect `directory.state`.
 */
export { startTestDirectory } from './server';
export { generateGenesisKey } from './genesis-key';
export { RELAY_TICKET_TTL_S } from './relay-ticket';
export { CREDIT_SCHEDULE } from './public-routes';
export { GENESIS_ROOT } from './event-log';
// An independent PHP-faithful canonicaliser, for tests that want a second opinion on the engine's.
export { canonicalJson as phpCanonicalJson } from './php-json';
export { registerChatNode, registerOtherNode, type RegisteredNode } from './chat-node';
export type {
  AppendAwardsOptions,
  AppendAwardsResult,
  AwardLogEntry,
  BackendStability,
  CreditTransaction,
  DelegationReason,
  DirectoryEvent,
  DirectoryState,
  EventLogControls,
  EventPayload,
  EventSelector,
  EventTamper,
  FaultMode,
  FaultRoute,
  HeartbeatLogEntry,
  HostilePages,
  MembershipRecord,
  NodeRecord,
  OperatorControls,
  OperatorIdentityStatus,
  OperatorRecord,
  ProbeLogEntry,
  ReachabilityObservation,
  RegistrationLogEntry,
  RegistrationOperatorOutcome,
  RelayTicketLogEntry,
  Reputation,
  StoredPricing,
  TamperResult,
  TestDirectory,
  TestDirectoryOptions,
} from './types';

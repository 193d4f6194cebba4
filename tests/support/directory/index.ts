/**
 * In-process stand-in for the production (PHP) IICP directory, for provider tests.
 * Start it with `startTestDirectory()`, point the provider at `directory.url`, inspect `directory.state`.
 */
export { startTestDirectory } from './server';
export { generateGenesisKey } from './genesis-key';
export { RELAY_TICKET_TTL_S } from './relay-ticket';
export { CREDIT_SCHEDULE } from './public-routes';
export { registerChatNode, type RegisteredNode } from './chat-node';
export type {
  AwardLogEntry,
  BackendStability,
  CreditTransaction,
  DirectoryState,
  FaultMode,
  FaultRoute,
  HeartbeatLogEntry,
  MembershipRecord,
  NodeRecord,
  ProbeLogEntry,
  ReachabilityObservation,
  RegistrationLogEntry,
  RelayTicketLogEntry,
  Reputation,
  StoredPricing,
  TestDirectory,
  TestDirectoryOptions,
} from './types';

/**
 * In-process stand-in for the production (PHP) IICP directory, for provider tests.
 * Start it with `startTestDirectory()`, point the provider at `directory.url`, inspect `directory.state`.
 */
export { startTestDirectory } from './server';
export { CREDIT_SCHEDULE } from './public-routes';
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
  Reputation,
  StoredPricing,
  TestDirectory,
  TestDirectoryOptions,
} from './types';

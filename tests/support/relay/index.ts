/**
 * Stand-in for a relay-capable IICP node (the reference HTTP long-poll relay), for worker tests.
 * `startTestRelay()` listens on a real socket; README.md is the wire contract a worker is written against.
 */
export { startTestRelay } from './server';
export type {
  RegisterWithOptions,
  RelayLogEntry,
  RelayRegistration,
  RelaySessionView,
  TestRelay,
  TestRelayOptions,
} from './types';

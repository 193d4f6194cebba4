/**
 * The directory room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { directoryCommands } from './directory-commands';
export { DirectoryLink } from './directory-link';
export { listedMultiplier, type DiscoveredNode } from './discover-answer';
export {
  DISCOVER_LIMIT,
  DiscoveryClient,
  type Discovery,
  type DiscoverFailure,
  type DiscoverResult,
} from './discovery-client';
export { describeFailure, directoryCode, failureDetails, type DirectoryFailure } from './errors';
export {
  callDirectory,
  callPrepared,
  directoryUrl,
  prepareCall,
  type DirectoryResponse,
  type PreparedCall,
} from './http';
export { type HeartbeatState, type RegistrationSource } from './link-options';
export { describeLink, type DirectoryStatus } from './link-session';
export { MetricsBatcher } from './metrics-batch';
export { rotateAtDirectory } from './operator-rotation';
export { ProbeGate, askDirectoryProbe, probeLogLevel } from './reach-probe';
export { exposureFor, type BackendKind, type ExposureMode, type TransportMethod } from './register-payload';
export { listingOf, readListing, unlisted, type RegistryListing } from './registry-listing';

/**
 * The verification room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { listDifferences } from './award-checks';
export { AwardVerifier } from './award-verifier';
export { SignedLogState } from './signed-log-state';
export { InlineVerifyRunner, ThreadVerifyRunner } from './verify-runner';

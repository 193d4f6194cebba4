/**
 * The subprocess room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { CappedLineSplitter, OutputBudget } from './capped-lines';
export { forceEndTree, hasExited, killTree, killTreeNow, treeSpawnOptions } from './kill-tree';
export { runProgram } from './run-program';
export { threadModule, type ThreadModule } from './thread-module';
export { WorkerPool, type PoolMessage } from './worker-pool';

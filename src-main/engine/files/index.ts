/**
 * The files room's face: the only module other rooms and the hosts import; what is not exported here stays
 * inside the room (.dependency-cruiser.cjs, rule room-face).
 */
// The face: what other rooms may use.
export { createNewFile, writeFileAtomic } from './atomic-file';
export { secureDataFolder } from './data-folder';
export { createOwnerOnlyDir, createOwnerOnlyFile, restrictToOwner } from './owner-only';
export { databasePath, defaultDataDir } from './paths';

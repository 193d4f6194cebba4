/**
 * The keys sub-room's face: an app's key as it is presented, checked and named. Only this file is imported from
 * outside keys/ (.dependency-cruiser.cjs, rule gateway-sub-room-face).
 */
export { AppKeys, KeyLimitError, MAX_KEYS, type AppCaps, type KeyShelf } from './app-keys';
export { presentedKey } from './presented-key';
export { KEYLESS_APP_NAME, KEYLESS_KEY_ID, namedRows, type MachineNameOf } from './request-names';
export { KeyAdmin } from './key-admin';

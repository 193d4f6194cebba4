/** The operator identity's sentences in English, as the engine's messages and the log carry them. */
import { english } from '@shared/i18n/say';

/** IICP-E051: another operator holds the display name, so the directory refused the registration. */
export const OPERATOR_NAME_TAKEN = english('fleet.operator.nameTaken');
/** The same after a key rotation: the directory still gives the name to the identity's previous key. */
export const OPERATOR_NAME_TAKEN_AFTER_ROTATION = english('fleet.operator.nameTakenRotated');
/** IICP-E063: the identity was rotated or revoked at the directory; it refuses registrations made with it. */
export const OPERATOR_REVOKED = english('fleet.operator.revoked');
/** The node registered, but the directory did not bind it to the operator (the delegation did not verify). */
export const OPERATOR_UNVERIFIED = english('fleet.operator.unverified');
/** The identity stored on this computer cannot be read. */
export const OPERATOR_UNREADABLE = english('fleet.operator.unreadable');

/** Why a new key could not be taken: the directory did not move the identity to it, so the current key stays. */
export const OPERATOR_ROTATION_WORDS = {
  unreachable: english('fleet.operator.rotation.unreachable'),
  inactive: english('fleet.operator.rotation.inactive'),
  clock: english('fleet.operator.rotation.clock'),
  busy: english('fleet.operator.rotation.busy'),
  refused: english('fleet.operator.rotation.refused'),
  unreadable: english('fleet.operator.rotation.unreadable'),
} as const;

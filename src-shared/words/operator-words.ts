/**
 * What the directory said about the person's operator identity, in plain words with what to do: one writer for the
 * directory link's message, the operator card in Settings and the event log, so each says the same.
 */
import type { OperatorDirectoryState } from '../contract/operator';

/** Where the person manages the identity, as the Settings page names it. */
export const OPERATOR_SETTINGS_PLACE = 'under Your operator identity in Settings';

/** IICP-E051: another operator holds the display name, so the directory refused the registration. */
export const OPERATOR_NAME_TAKEN =
  `Another operator already uses your operator display name at the IICP directory, so it refused this node's registration. Choose another display name ${OPERATOR_SETTINGS_PLACE}; the node then registers again by itself.`;

/** The same after a key rotation: the directory still gives the name to the identity's previous key. */
export const OPERATOR_NAME_TAKEN_AFTER_ROTATION =
  `The IICP directory refused this node's registration: it still gives your operator display name to your previous key, which it does not know was replaced. Choose another display name ${OPERATOR_SETTINGS_PLACE}; the node then registers again by itself.`;

/** IICP-E063: the identity was rotated or revoked at the directory; it refuses registrations made with it. */
export const OPERATOR_REVOKED =
  `The IICP directory says your operator identity was rotated or revoked there, so it refuses this node's registration with it. Make a new identity, or import your current one from another computer, ${OPERATOR_SETTINGS_PLACE}.`;

/** The node registered, but the directory did not bind it to the operator (the delegation did not verify). */
export const OPERATOR_UNVERIFIED =
  "The IICP directory registered this node but did not confirm your operator identity, so the node does not count toward your operator wallet. Check that this computer's date and time are right; the node tries again when it next registers.";

/** The identity stored on this computer cannot be read. */
export const OPERATOR_UNREADABLE =
  `Your operator identity stored on this computer cannot be read, so this node registers without it. Import it again from an export file, or make a new one, ${OPERATOR_SETTINGS_PLACE}.`;

/** What the operator card says about the directory's last answer; null when there is nothing to do. */
export function operatorProblem(state: OperatorDirectoryState, rotated: boolean): string | null {
  switch (state) {
    case 'name_taken':
      return rotated ? OPERATOR_NAME_TAKEN_AFTER_ROTATION : OPERATOR_NAME_TAKEN;
    case 'revoked':
      return OPERATOR_REVOKED;
    case 'unverified':
      return OPERATOR_UNVERIFIED;
    default:
      return null;
  }
}

/** A short status for the card: where the identity stands with the directory. */
export const OPERATOR_DIRECTORY_LABELS: Record<OperatorDirectoryState, string> = {
  unknown: 'Not confirmed by the directory yet',
  bound: 'Confirmed by the directory',
  unverified: 'Not confirmed by the directory',
  name_taken: 'Operator name taken at the directory',
  revoked: 'Rotated or revoked at the directory',
};

/** Why a new key could not be taken: the directory did not move the identity to it, so the current key stays. */
export const OPERATOR_ROTATION_WORDS = {
  unreachable: 'The IICP directory could not be reached to move your operator identity to a new key, so the current key stays. Try again when the directory is reachable.',
  inactive: `The IICP directory no longer accepts this operator key: it was already replaced or revoked there, so it cannot be moved to a new key. Import your current identity from the computer that replaced it, or make a new one, ${OPERATOR_SETTINGS_PLACE}.`,
  clock: "The IICP directory refused the new key because this computer's clock is more than five minutes off; the current key stays. Set the date and time right, then try again.",
  busy: 'The IICP directory is limiting requests to change keys right now; the current key stays. Try again in a few minutes.',
  refused: 'The IICP directory refused to move your operator identity to a new key, so the current key stays. Try again later.',
  unreadable: 'The IICP directory gave an answer the app cannot read while moving your operator identity to a new key, so the current key stays.',
} as const;

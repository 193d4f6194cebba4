/**
 * What the directory said about the person's operator identity, in plain words with what to do: one writer for the
 * directory link's message, the operator card in Settings and the event log, so each says the same. The words are the
 * catalogue's (`fleet.operator.*`): a page says them in its language (`operatorProblemSaid`, `operatorDirectoryLabel`);
 * the engine's own messages and the log keep their English (the constants below, read from the same catalogue).
 */
import type { OperatorDirectoryState } from '../contract/operator';
import type { MessageId } from '../i18n/catalogue';
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';
import { english } from '../i18n/say';

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

/** What the operator card says about the directory's last answer, as a sentence; null when there is nothing to do. */
export function operatorProblemSaid(state: OperatorDirectoryState, rotated: boolean): Said | null {
  switch (state) {
    case 'name_taken':
      return said(rotated ? 'fleet.operator.nameTakenRotated' : 'fleet.operator.nameTaken');
    case 'revoked':
      return said('fleet.operator.revoked');
    case 'unverified':
      return said('fleet.operator.unverified');
    default:
      return null;
  }
}

/** The same in English, for the engine's message and the log. */
export function operatorProblem(state: OperatorDirectoryState, rotated: boolean): string | null {
  const s = operatorProblemSaid(state, rotated);
  return s ? english.said(s) : null;
}

const DIRECTORY_LABEL: Record<OperatorDirectoryState, MessageId> = {
  unknown: 'fleet.operator.state.unknown',
  bound: 'fleet.operator.state.bound',
  unverified: 'fleet.operator.state.unverified',
  name_taken: 'fleet.operator.state.nameTaken',
  revoked: 'fleet.operator.state.revoked',
};

/** A short status for the card, in the words of this process: where the identity stands with the directory. */
export function operatorDirectoryLabel(state: OperatorDirectoryState): string {
  const t = sayNow();
  return t(DIRECTORY_LABEL[state]);
}

/** The same labels in English, for a reader not yet moved to `operatorDirectoryLabel`. */
export const OPERATOR_DIRECTORY_LABELS: Record<OperatorDirectoryState, string> = {
  unknown: english(DIRECTORY_LABEL.unknown),
  bound: english(DIRECTORY_LABEL.bound),
  unverified: english(DIRECTORY_LABEL.unverified),
  name_taken: english(DIRECTORY_LABEL.name_taken),
  revoked: english(DIRECTORY_LABEL.revoked),
};

/** Why a new key could not be taken: the directory did not move the identity to it, so the current key stays. */
export const OPERATOR_ROTATION_WORDS = {
  unreachable: english('fleet.operator.rotation.unreachable'),
  inactive: english('fleet.operator.rotation.inactive'),
  clock: english('fleet.operator.rotation.clock'),
  busy: english('fleet.operator.rotation.busy'),
  refused: english('fleet.operator.rotation.refused'),
  unreadable: english('fleet.operator.rotation.unreadable'),
} as const;

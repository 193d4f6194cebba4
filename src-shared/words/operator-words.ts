/**
 * What the directory said about the person's operator identity, in plain words with what to do: one writer for the
 * directory link's message, the operator card in Settings and the event log, so each says the same. The words are the
 * catalogue's (`fleet.operator.*`): a page says them in its language (`operatorProblemSaid`, `operatorDirectoryLabel`);
 * the engine's own messages and the log keep their English (`operatorProblem`). Nothing is worded when the module
 * loads: the first sentence a process words costs it its locale data, tens of milliseconds a launch need not pay.
 */
import type { OperatorDirectoryState } from '../contract/operator';
import type { MessageId } from '../i18n/catalogue';
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';
import { english } from '../i18n/say';

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

/** "Dismiss" on a notice: the command bound to the node's notice feed. */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { NoticeFeed } from './notice-feed';

export function noticeCommands(feed: NoticeFeed, gate: CommandGate): CommandBindings<'dismissNotice'> {
  return {
    dismissNotice: async (r) => {
      // The notices are stored in the node's database, which is open only while the node runs.
      gate.requireRunning();
      let found: boolean;
      try {
        found = feed.dismiss(r.id);
      } catch (err) {
        throw new ContractError(
          'store_error',
          said('refusal.notices.notDismissed', { detail: err instanceof Error ? err.message : String(err) }),
        );
      }
      if (!found) throw new ContractError('invalid_request', said('refusal.notices.none'));
      // Dismissed stays dismissed: the answer waits until the change is on the disk.
      await gate.saved(null);
      return gate.publishNow();
    },
  };
}

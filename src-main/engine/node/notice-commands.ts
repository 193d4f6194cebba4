/** "Dismiss" on a notice: the command bound to the node's notice feed. */
import type { EngineCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { NoticeFeed } from '../notices/notice-feed';
import type { CommandTarget } from './engine-commands';

export function noticeCommandHandlers(feed: NoticeFeed, t: Pick<CommandTarget, 'requireRunning' | 'flushStore' | 'publishNow'>): Pick<EngineCommandHandlers, 'dismissNotice'> {
  return {
    dismissNotice: async (r) => {
      // The notices are stored in the node's database, which is open only while the node runs.
      t.requireRunning();
      let found: boolean;
      try {
        found = feed.dismiss(r.id);
      } catch (err) {
        throw new ContractError('store_error', `The notice could not be dismissed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!found) throw new ContractError('invalid_request', 'There is no notice with this id; it may have gone already.');
      // Dismissed stays dismissed: the answer waits until the change is on the disk.
      await t.flushStore();
      return t.publishNow();
    },
  };
}

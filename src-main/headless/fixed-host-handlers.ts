import { ContractError } from '@shared/contract/errors';
import { UPDATES_ELSEWHERE, type UpdateStatus } from '@shared/contract/updates';
import { english } from '@shared/i18n/say';
import type { HostCommandHandlers } from '@shared/contract/dispatch';

/** The host commands of a host without a supervisor or an updater (the engine runs in its process). */
export function fixedHostHandlers(update: () => UpdateStatus): HostCommandHandlers {
  const noUpdates = (): never => {
    // The refusal is a wire message: English, as every error's text.
    throw new ContractError('invalid_state', english.said(update().reason ?? UPDATES_ELSEWHERE));
  };
  return {
    restartEngine: () => {
      throw new ContractError('invalid_state', 'The node runs inside this program; there is no separate process to restart.');
    },
    getUpdateStatus: () => update(),
    checkForUpdates: noUpdates,
    installUpdate: noUpdates,
  };
}

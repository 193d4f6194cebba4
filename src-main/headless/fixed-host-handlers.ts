import { ContractError } from '@shared/contract/errors';
import { UPDATES_ELSEWHERE, type UpdateStatus } from '@shared/contract/updates';
import { said } from '@shared/i18n/said';
import type { HostCommandHandlers } from '@shared/contract/dispatch';

/** The host commands of a host without a supervisor or an updater (the engine runs in its process). */
export function fixedHostHandlers(update: () => UpdateStatus): HostCommandHandlers {
  const noUpdates = (): never => {
    // The body's message is English, as every error's text; the page says the sentence in its language.
    throw new ContractError('invalid_state', update().reason ?? UPDATES_ELSEWHERE);
  };
  return {
    restartEngine: () => {
      throw new ContractError('invalid_state', said('refusal.host.noSeparateProcess'));
    },
    getUpdateStatus: () => update(),
    checkForUpdates: noUpdates,
    installUpdate: noUpdates,
  };
}

/** The "Use the network" page's commands: the gateway's state, its app keys, and one try of a model through it. */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said, type Said } from '@shared/i18n/said';
import { storeCall } from '../store';
import { KeyLimitError, MAX_KEYS } from './keys';
import type { GatewayParts } from './compose-gateway';
import { GatewayOffError, TryRefused } from './page';

/**
 * The page's commands reach the page view and key administration only: the listener is the node's to start and stop.
 * `gateway` throws `engine_unavailable` while the node is not running.
 */
export function gatewayCommands(
  gate: CommandGate,
  gateway: () => Pick<GatewayParts, 'page' | 'keys'>,
): CommandBindings<'getGateway' | 'createGatewayKey' | 'revokeGatewayKey' | 'setGatewayKeyLimits' | 'tryGateway'> {
  return {
    getGateway: () => storeCall(() => gateway().page.info()),
    createGatewayKey: async (r) => {
      const { page, keys } = gateway();
      const made = storeCall(() => {
        try {
          return keys.createKey(r.name);
        } catch (err) {
          if (err instanceof KeyLimitError)
            throw new ContractError('invalid_request', said('refusal.gateway.keyLimit', { count: MAX_KEYS }));
          throw err;
        }
      });
      return gate.saved({ ...made, info: await page.info() });
    },
    revokeGatewayKey: async (r) => {
      const { page, keys } = gateway();
      if (!storeCall(() => keys.revokeKey(r.id)))
        throw new ContractError('invalid_request', said('refusal.gateway.noKey'));
      return gate.saved(await page.info());
    },
    setGatewayKeyLimits: async (r) => {
      const { page, keys } = gateway();
      if (!storeCall(() => keys.setKeyCaps(r.id, { dailyCap: r.dailyCap, rpm: r.rpm })))
        throw new ContractError('invalid_request', said('refusal.gateway.noKeyForLimits'));
      return gate.saved(await page.info());
    },
    tryGateway: async (r) => {
      try {
        return await gateway().page.tryIt(r.model, r.prompt);
      } catch (err) {
        if (err instanceof GatewayOffError) throw new ContractError('invalid_state', said('refusal.gateway.off'));
        if (err instanceof TryRefused) throw new ContractError('invalid_state', tryRefusal(err));
        throw new ContractError('invalid_state', said('refusal.gateway.unreachable'));
      }
    },
  };
}

/** Why a try came back without an answer: the app's own words, or the gateway's as its answer gave them. */
function tryRefusal(err: TryRefused): Said {
  if (err.code === 'too_large') return said('refusal.gateway.tooLong');
  if (err.code === 'bad_answer') return said('refusal.gateway.notJson');
  return said('refusal.gateway.answered', { detail: err.message });
}

/** The "Use the network" page's commands: the gateway's state, its app keys, and one try of a model through it. */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said, type Said } from '@shared/i18n/said';
import { storeCall } from '../store';
import { KeyLimitError, MAX_KEYS } from './keys';
import { GatewayOffError, type GatewayService } from './gateway-service';
import { TryRefused } from './page';

/** `gateway` throws `engine_unavailable` while the node is not running. */
export function gatewayCommands(
  gate: CommandGate,
  gateway: () => GatewayService,
): CommandBindings<'getGateway' | 'createGatewayKey' | 'revokeGatewayKey' | 'setGatewayKeyLimits' | 'tryGateway'> {
  return {
    getGateway: () => storeCall(() => gateway().info()),
    createGatewayKey: async (r) => {
      const g = gateway();
      const made = storeCall(() => {
        try {
          return g.createKey(r.name);
        } catch (err) {
          if (err instanceof KeyLimitError)
            throw new ContractError('invalid_request', said('refusal.gateway.keyLimit', { count: MAX_KEYS }));
          throw err;
        }
      });
      return gate.saved({ ...made, info: await g.info() });
    },
    revokeGatewayKey: async (r) => {
      const g = gateway();
      if (!storeCall(() => g.revokeKey(r.id)))
        throw new ContractError('invalid_request', said('refusal.gateway.noKey'));
      return gate.saved(await g.info());
    },
    setGatewayKeyLimits: async (r) => {
      const g = gateway();
      if (!storeCall(() => g.setKeyCaps(r.id, { dailyCap: r.dailyCap, rpm: r.rpm })))
        throw new ContractError('invalid_request', said('refusal.gateway.noKeyForLimits'));
      return gate.saved(await g.info());
    },
    tryGateway: async (r) => {
      try {
        return await gateway().tryIt(r.model, r.prompt);
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

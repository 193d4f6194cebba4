/** The "Use the network" page's commands: the gateway's state, its app keys, and one try of a model through it. */
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { storeCall } from '../store';
import { KeyLimitError } from './app-keys';
import { GatewayOffError, type GatewayService } from './gateway-service';
import { TryRefused } from './try-it';

/** `gateway` throws `engine_unavailable` while the node is not running. */
export function gatewayCommands(gate: CommandGate, gateway: () => GatewayService): CommandBindings<'getGateway' | 'createGatewayKey' | 'revokeGatewayKey' | 'setGatewayKeyLimits' | 'tryGateway'> {
  return {
    getGateway: () => storeCall(() => gateway().info()),
    createGatewayKey: async (r) => {
      const g = gateway();
      const made = storeCall(() => {
        try {
          return g.createKey(r.name);
        } catch (err) {
          if (err instanceof KeyLimitError) throw new ContractError('invalid_request', err.message);
          throw err;
        }
      });
      return gate.saved({ ...made, info: await g.info() });
    },
    revokeGatewayKey: async (r) => {
      const g = gateway();
      if (!storeCall(() => g.revokeKey(r.id))) throw new ContractError('invalid_request', 'There is no app key with this id; it may have been revoked already.');
      return gate.saved(await g.info());
    },
    setGatewayKeyLimits: async (r) => {
      const g = gateway();
      if (!storeCall(() => g.setKeyCaps(r.id, { dailyCap: r.dailyCap, rpm: r.rpm }))) throw new ContractError('invalid_request', 'There is no app key with this id; it may have been revoked.');
      return gate.saved(await g.info());
    },
    tryGateway: async (r) => {
      try {
        return await gateway().tryIt(r.model, r.prompt);
      } catch (err) {
        if (err instanceof GatewayOffError || err instanceof TryRefused) throw new ContractError('invalid_state', err.message);
        throw new ContractError('invalid_state', 'The gateway could not be reached from this app.');
      }
    },
  };
}

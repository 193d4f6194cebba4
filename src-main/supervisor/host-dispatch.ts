/**
 * The host's entry point for the contract (the desktop's IPC, the headless bridge): every request is checked here,
 * before anything crosses to the engine's process; host commands (the engine's process, updates) are answered by
 * the host, the rest by the engine.
 */
import { HOST_COMMAND_NAMES, type HostCommandName, type Result } from '@shared/contract';
import { parseCommand, type Dispatch, type HostCommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import type { EngineSupervisor } from './supervisor';

const isHostCommand = (name: string): name is HostCommandName =>
  (HOST_COMMAND_NAMES as readonly string[]).includes(name);

export function createHostDispatch(
  engine: Pick<EngineSupervisor, 'call'>,
  host: HostCommandHandlers,
  onInternalError?: (err: unknown) => void,
): Dispatch {
  return async (command, request): Promise<Result<unknown>> => {
    const parsed = parseCommand(command, request);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const name = parsed.command;
    if (!isHostCommand(name)) return engine.call(name, parsed.request);
    try {
      const handler = host[name] as (request: unknown) => unknown;
      return { ok: true, value: await handler(parsed.request) };
    } catch (err) {
      if (err instanceof ContractError) return { ok: false, error: err.body };
      onInternalError?.(err);
      return { ok: false, error: { code: 'internal', message: `${name} failed unexpectedly.` } };
    }
  };
}

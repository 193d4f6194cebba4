/**
 * The single entry point from a transport (Electron IPC, headless bridge) into the engine. Every request is
 * validated against the contract's schema here, before the engine sees it; every failure becomes a typed
 * `ContractErrorBody`, never a thrown string.
 */
import {
  COMMANDS,
  type CommandName,
  type CommandResponses,
  type ContractErrorBody,
  type ParsedRequest,
  type Result,
} from '../../src-preload/contract';
import { ContractError } from './errors';

export type CommandHandlers = {
  [C in CommandName]: (request: ParsedRequest<C>) => CommandResponses[C] | Promise<CommandResponses[C]>;
};

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export type Dispatch = (command: unknown, request: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: CommandHandlers, onInternalError?: (err: unknown) => void): Dispatch {
  return async (command, request) => {
    if (!isCommandName(command)) {
      return fail({ code: 'unknown_command', message: `No command named ${JSON.stringify(String(command)).slice(0, 80)}.` });
    }
    // IPC delivers `undefined` for a call without arguments; treat it as an empty request.
    const parsed = COMMANDS[command].safeParse(request === undefined ? {} : request);
    if (!parsed.success) {
      return fail({
        code: 'invalid_request',
        message: `The request for ${command} is not valid.`,
        // The issue's code lets a form say the problem in its own words (the message is the validator's).
        issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message, code: i.code })),
      });
    }
    try {
      const handler = handlers[command] as (r: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ContractError) return fail(err.body);
      onInternalError?.(err);
      return fail({ code: 'internal', message: `${command} failed unexpectedly.` });
    }
  };
}

function fail(error: ContractErrorBody): Result<never> {
  return { ok: false, error };
}

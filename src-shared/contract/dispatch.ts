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
  type EngineCommandName,
  type HostCommandName,
  type NodeSnapshot,
  type ParsedRequest,
  type Result,
} from './index';
import { ContractError } from './errors';
import { said, type Said } from '../i18n/said';
import { english } from '../i18n/say';

export type HandlersFor<N extends CommandName> = {
  [C in N]: (request: ParsedRequest<C>) => CommandResponses[C] | Promise<CommandResponses[C]>;
};
export type CommandHandlers = HandlersFor<CommandName>;
/** What the engine answers itself. */
export type EngineCommandHandlers = HandlersFor<EngineCommandName>;
/** What the host answers: the engine's process and the app's updates. */
export type HostCommandHandlers = HandlersFor<HostCommandName>;

/** One engine room's share of the command table: the handlers of the commands that room answers. */
export type CommandBindings<N extends EngineCommandName> = Pick<EngineCommandHandlers, N>;

/** What a room's command bindings may ask of the node that runs them, whichever room they belong to. */
export interface CommandGate {
  /** Throws `invalid_state` unless the node runs (it is not starting or stopping). */
  requireRunning(): void;
  /**
   * `value` once everything the store committed so far is on the disk: a change the person made is answered only
   * then (throws `store_error` if it cannot be written through).
   */
  saved<T>(value: T): Promise<T>;
  /** The snapshot after a change, published now. */
  publishNow(): NodeSnapshot;
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export type Dispatch = (command: unknown, request: unknown) => Promise<Result<unknown>>;

/**
 * Host commands (the engine's process, updates) are optional: where nobody answers them, e.g. an engine dispatching
 * on its own, they are refused as `invalid_state`.
 */
export type ParsedCommand =
  { ok: true; command: CommandName; request: unknown } | { ok: false; error: ContractErrorBody };

/** Checks a command name and its request against the contract (defaults applied), without running anything. */
export function parseCommand(command: unknown, request: unknown): ParsedCommand {
  if (!isCommandName(command)) {
    return {
      ok: false,
      error: refusal(
        'unknown_command',
        said('refusal.dispatch.unknownCommand', { name: JSON.stringify(String(command)).slice(0, 80) }),
      ),
    };
  }
  // IPC delivers `undefined` for a call without arguments; treat it as an empty request.
  const parsed = COMMANDS[command].safeParse(request === undefined ? {} : request);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        ...refusal('invalid_request', said('refusal.dispatch.invalidRequest', { command })),
        // The issue's code lets a form say the problem in its own words (the message is the validator's).
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.join('.') || '(root)', message: i.message, code: i.code })),
      },
    };
  }
  return { ok: true, command, request: parsed.data };
}

/**
 * Host commands (the engine's process, updates) are optional: where nobody answers them, e.g. an engine dispatching
 * on its own, they are refused as `invalid_state`.
 */
export function createDispatcher(
  handlers: EngineCommandHandlers & Partial<HostCommandHandlers>,
  onInternalError?: (err: unknown) => void,
): Dispatch {
  return async (command, request) => {
    const parsed = parseCommand(command, request);
    if (!parsed.ok) return fail(parsed.error);
    const name = parsed.command;
    const handler = (handlers as Partial<CommandHandlers>)[name] as ((r: unknown) => unknown) | undefined;
    if (!handler) return fail(refusal('invalid_state', said('refusal.dispatch.hostOnly', { command: name })));
    try {
      const value = await handler(parsed.request);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ContractError) return fail(err.body);
      onInternalError?.(err);
      return fail(refusal('internal', said('refusal.dispatch.failed', { command: name })));
    }
  };
}

/** A refusal of the table itself: English for the wire, the sentence for a page. */
function refusal(code: ContractErrorBody['code'], words: Said): ContractErrorBody {
  return { code, message: english.said(words), said: words };
}

function fail(error: ContractErrorBody): Result<never> {
  return { ok: false, error };
}

/**
 * A stand-in `window.provider` for component tests: the contract's commands answer what the test says, every request
 * is recorded, and the test pushes engine events as the host would (snapshots go straight into the store: see
 * fixtures.ts). The page keeps the first api it finds for good (api/index.ts), so there is one object per test file;
 * `reset()` (run before each test by setup.ts) forgets the answers, the requests and the listeners.
 */
import { act } from '@testing-library/react';
import type { z } from 'zod';
import {
  API_VERSION,
  COMMAND_NAMES,
  type COMMANDS,
  type CommandName,
  type CommandRequest,
  type CommandResponses,
  type ContractErrorBody,
  type EngineEvent,
  type ProviderApi,
  type Result,
} from '@shared/contract';

type Reply<C extends CommandName> = Result<CommandResponses[C]> | Promise<Result<CommandResponses[C]>>;
/**
 * A request as the engine receives it: main validates it against the contract first, which fills in its defaults (a
 * settings patch's `notifications.fleet`). The stand-in hands on what the page sent, so a test answers as the engine.
 */
type Received<C extends CommandName> = z.output<(typeof COMMANDS)[C]>;
export type Answer<C extends CommandName> = (request: Received<C>) => Reply<C>;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** The host's refusal, as the contract carries it. */
export const refusal = (
  code: ContractErrorBody['code'],
  message: string,
  issues?: ContractErrorBody['issues'],
): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/** An answer the test releases when it wants, to look at the page while the command is on its way. */
export function later<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export class FakeProvider {
  readonly api: ProviderApi;
  private answers = new Map<CommandName, (request: unknown) => unknown>();
  private sent: { command: CommandName; request: unknown }[] = [];
  private eventListeners = new Set<(event: EngineEvent) => void>();

  constructor() {
    const commands = Object.fromEntries(
      COMMAND_NAMES.map((command) => [
        command,
        (request: unknown) => {
          this.sent.push({ command, request });
          const answer = this.answers.get(command);
          // A command the test did not expect is refused the way a host that is not there refuses it, and named.
          if (!answer)
            return Promise.resolve(refusal('engine_unavailable', `This test gives no answer to ${command}.`));
          return Promise.resolve(answer(request));
        },
      ]),
    );
    this.api = {
      ...(commands as unknown as Omit<ProviderApi, 'apiVersion' | 'transport' | 'onSnapshot' | 'onEngineEvent'>),
      apiVersion: API_VERSION,
      transport: 'ipc',
      onSnapshot: () => () => {},
      onEngineEvent: (listener) => {
        this.eventListeners.add(listener);
        return () => this.eventListeners.delete(listener);
      },
    };
  }

  /** How `command` answers from now on: a function of the request, or always the same result. */
  answer<C extends CommandName>(command: C, answer: Answer<C> | Result<CommandResponses[C]>): void {
    this.answers.set(command, typeof answer === 'function' ? (answer as (request: unknown) => unknown) : () => answer);
  }

  /** The requests sent with `command` so far, oldest first. */
  requests<C extends CommandName>(command: C): CommandRequest<C>[] {
    return this.sent.filter((s) => s.command === command).map((s) => s.request as CommandRequest<C>);
  }

  /** Every command sent so far, by name, oldest first. */
  commands(): CommandName[] {
    return this.sent.map((s) => s.command);
  }

  /** An engine event as the host pushes it to every subscriber. */
  pushEvent(event: EngineEvent): void {
    act(() => {
      for (const listener of [...this.eventListeners]) listener(event);
    });
  }

  reset(): void {
    this.answers.clear();
    this.sent = [];
    this.eventListeners.clear();
  }
}

export const provider = new FakeProvider();

import { useState } from 'react';
import type { ContractErrorBody, Result } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

/** Where a command stands before and while it runs, and after the host refused it. */
export type CommandBase = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string };

type Api = ReturnType<typeof getApi>;

/**
 * A command the person starts with a button: one at a time and only while the page is connected, "busy" while it
 * runs, then the step `done` makes of the host's answer, or the host's refusal in its words. `blocked` is for the
 * button's aria-disabled. `run` passes its arguments on to `send` and `done` (a form that sends a value or clears it);
 * `refused` sees the whole refusal first, for a form that puts the host's words at the field they concern.
 */
export function useCommand<R, S extends { kind: string }, A extends unknown[] = []>(
  send: (api: Api, ...args: A) => Promise<Result<R>>,
  done: (value: R, ...args: A) => S | { kind: 'idle' },
  refused?: (error: ContractErrorBody, ...args: A) => void,
) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [step, setStep] = useState<CommandBase | S>({ kind: 'idle' });
  const blocked = step.kind === 'busy' || !connected;

  const run = async (...args: A) => {
    if (blocked) return;
    setStep({ kind: 'busy' });
    let result: Result<R>;
    try {
      result = await send(getApi(), ...args);
    } catch (thrown) {
      // Not a refusal but a fault: the button comes back, and the fault goes on to whoever awaits it.
      setStep({ kind: 'idle' });
      throw thrown;
    }
    if (result.ok) {
      setStep(done(result.value, ...args));
      return;
    }
    refused?.(result.error, ...args);
    setStep({ kind: 'failed', message: result.error.message });
  };

  return { step, setStep, blocked, run };
}

import { useState } from 'react';
import type { Result } from '@shared/contract';
import { getApi } from '../api';
import { useProviderStore } from '../store';

/** Where a command stands before and while it runs, and after the host refused it. */
export type CommandBase = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string };

type Api = ReturnType<typeof getApi>;

/**
 * A command the person starts with a button: one at a time and only while the page is connected, "busy" while it
 * runs, then the step `done` makes of the host's answer, or the host's refusal in its words. `blocked` is for the
 * button's aria-disabled.
 */
export function useCommand<R, S extends { kind: string }>(
  send: (api: Api) => Promise<Result<R>>,
  done: (value: R) => S | { kind: 'idle' },
) {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [step, setStep] = useState<CommandBase | S>({ kind: 'idle' });
  const blocked = step.kind === 'busy' || !connected;

  const run = async () => {
    if (blocked) return;
    setStep({ kind: 'busy' });
    const result = await send(getApi());
    setStep(result.ok ? done(result.value) : { kind: 'failed', message: result.error.message });
  };

  return { step, setStep, blocked, run };
}

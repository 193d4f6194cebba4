import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ContractErrorBody, Result } from '@shared/contract';
import { useProviderStore } from '../store';

/** `key` says which question an answer belongs to, so an answer to an older one is known as such. */
type Answer<T> =
  | { kind: 'none' }
  | { kind: 'ready'; value: T; key: string }
  | { kind: 'error'; error: ContractErrorBody; key: string };

export type QueryState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: ContractErrorBody };

export interface HostQuery<T> {
  /** The answer to the question asked now: still on its way, the value, or the host's error. */
  state: QueryState<T>;
  /** The newest value received, possibly for an earlier question (kept on screen meanwhile), or null. */
  value: T | null;
  /** The value is not the answer to the question asked now (yet). */
  stale: boolean;
  /** The host's error, when the last answer was one (possibly to an earlier question). */
  error: ContractErrorBody | null;
  connected: boolean;
  /** Asks again now. */
  reload(): void;
  /** Takes a value the host gave otherwise (the settings it stored) as the answer. */
  replace(value: T): void;
}

/**
 * One thing asked of the host: asked once the page is connected (again after a reconnection, since it may have changed
 * meanwhile), again whenever `key` changes, and on `reload` (`ask` is told how many times it was reloaded). An answer
 * to an older question is dropped once a newer one is asked. With `delayMs`, a burst of changes of `key` asks once.
 */
export function useHostQuery<T>(ask: (reloads: number) => Promise<Result<T>>, key = '', delayMs = 0): HostQuery<T> {
  const connected = useProviderStore((s) => s.connection.kind === 'connected');
  const [answer, setAnswer] = useState<Answer<T>>({ kind: 'none' });
  const [value, setValue] = useState<T | null>(null);
  const [reloads, setReloads] = useState(0);
  const asked = `${key}|${reloads}`;
  // The newest `ask` (a new function at every render): the question changes only with `key` and `reload`.
  const askNow = useEffectEvent(ask);

  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    const run = () => {
      void askNow(reloads).then((result) => {
        if (cancelled) return;
        if (result.ok) {
          setValue(result.value);
          setAnswer({ kind: 'ready', value: result.value, key: asked });
        } else {
          setAnswer({ kind: 'error', error: result.error, key: asked });
        }
      });
    };
    const timer = delayMs > 0 ? window.setTimeout(run, delayMs) : undefined;
    if (timer === undefined) run();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [connected, asked, reloads, delayMs]);

  // The question asked now, for `replace`, which stays one function (a save started before a reload still lands).
  const askedNow = useRef(asked);
  useEffect(() => {
    askedNow.current = asked;
  }, [asked]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const replace = useCallback((next: T) => {
    setValue(next);
    setAnswer({ kind: 'ready', value: next, key: askedNow.current });
  }, []);

  const current = answer.kind !== 'none' && answer.key === asked ? answer : null;
  const state: QueryState<T> = !current
    ? { status: 'loading' }
    : current.kind === 'ready'
      ? { status: 'ready', value: current.value }
      : { status: 'error', error: current.error };
  return {
    state,
    value,
    stale: current === null,
    error: answer.kind === 'error' ? answer.error : null,
    connected,
    reload,
    replace,
  };
}

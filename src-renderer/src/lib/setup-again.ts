/**
 * "Run setup again": the Settings page asks for it, the setup wizard starts over from its first step. A page never
 * imports another page, so the wizard listens here instead of Settings reaching into the wizard's store. No React.
 */
import { navigate } from '../routes';

const listeners = new Set<() => void>();

/** Called each time setup is run again, before the wizard shows; returns the way to stop listening. */
export function onSetupAgain(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Starts the wizard over (its answers so far are dropped) and opens it. */
export function runSetupAgain(): void {
  for (const listener of listeners) listener();
  navigate('setup');
}

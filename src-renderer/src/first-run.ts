/**
 * First run: until setup is done, opening the app shows the setup wizard instead of the dashboard. Decided
 * once per page load, on the first snapshot, and only if the page opened at its start (no route in the
 * address) and the person has not gone anywhere meanwhile; from then on the nav goes where they ask.
 */
import { useProviderStore } from './store';

const atStart = () => /^#?\/?$/.test(window.location.hash);

export function openSetupOnFirstRun(): () => void {
  if (!atStart()) return () => undefined;
  const unsubscribe = useProviderStore.subscribe((state) => {
    const snapshot = state.snapshot;
    if (!snapshot) return;
    unsubscribe();
    // An older host sends no `setup`; it has no wizard to finish.
    if (snapshot.setup?.completed === false && atStart()) window.location.replace('#/setup');
  });
  return unsubscribe;
}

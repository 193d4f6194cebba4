/**
 * Which LLM servers the wizard's answers mean: the main one picked, the others ticked to "also use", the models they
 * list, and how many more may be ticked. Read by the steps (1, 2 and 7) and by the store when the node is started.
 */
import { MAX_MORE_BACKENDS, type DetectedBackend, type DetectedModel } from '@shared/contract';
import { storedExtraRoots } from './wizard-logic';
import type { WizardState } from './wizard-state';

export const usableServer = (c: DetectedBackend | undefined | null): c is DetectedBackend => !!c && c.found;

/** The candidate the person picked, if the last search still found it. */
export function selectedServer(s: Pick<WizardState, 'detection' | 'selectedUrl'>): DetectedBackend | null {
  if (!s.selectedUrl) return null;
  const hit = s.detection.result?.candidates.find((c) => c.url === s.selectedUrl);
  return usableServer(hit) ? hit : null;
}

/** Whether the person may tick a found server to "also use": it must answer, and not be waiting for its API key. */
export const usableAsExtra = (c: DetectedBackend): boolean => c.found && !c.needsApiKey;

/**
 * The servers to add besides the main one when the node is started: those ticked that the last search still found
 * usable, less the main one and those the node already uses; in the order found.
 */
export function extraServers(
  s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>,
): DetectedBackend[] {
  const stored = storedExtraRoots(s.settings);
  return (s.detection.result?.candidates ?? []).filter(
    (c) => s.alsoUse.includes(c.url) && c.url !== s.selectedUrl && usableAsExtra(c) && !stored.includes(c.url),
  );
}

/**
 * The servers whose models the node will offer once started: the main one first, then each other one it will use
 * (ticked in step 1, or used already) that the last search found with its models; in the order found. Step 2 lists
 * their models and step 7 counts them, so both say what the node registers.
 */
export function modelServers(
  s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>,
): DetectedBackend[] {
  const main = selectedServer(s);
  if (!main) return [];
  const stored = storedExtraRoots(s.settings);
  const others = (s.detection.result?.candidates ?? []).filter(
    (c) => c.url !== main.url && usableAsExtra(c) && (stored.includes(c.url) || s.alsoUse.includes(c.url)),
  );
  return [main, ...others];
}

/**
 * Every model of these servers, once per name: the node offers and keeps private a model by its name, whichever server
 * lists it.
 */
export function modelsOf(servers: readonly DetectedBackend[]): DetectedModel[] {
  const seen = new Set<string>();
  return servers.flatMap((c) => c.models).filter((m) => (seen.has(m.name) ? false : (seen.add(m.name), true)));
}

/** How many more servers may be ticked: a node uses at most 8 in all (the main one and 7 more). */
export function extraRoom(s: Pick<WizardState, 'detection' | 'selectedUrl' | 'alsoUse' | 'settings'>): number {
  const stored = storedExtraRoots(s.settings).filter((url) => url !== s.selectedUrl);
  return Math.max(0, MAX_MORE_BACKENDS - stored.length - extraServers(s).length);
}

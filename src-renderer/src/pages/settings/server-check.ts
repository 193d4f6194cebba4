/**
 * Settings' check of an LLM server before it is added: the same look the setup wizard takes (does something answer
 * at the address, is it an LLM server the node knows, does it list models), judged from the wizard's search. No React.
 */
import type { DetectedBackend } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { serverRoot } from '../../lib/addresses';

/** What the look found at one address: usable, or why not (each said in Settings before "Use it anyway"). */
export type ServerVerdict = 'usable' | 'silent' | 'needsKey' | 'linkLocal' | 'noModels';

/** The sentence Settings says for each verdict but `usable`. */
export const VERDICT_WORDS: Record<Exclude<ServerVerdict, 'usable'>, MessageId> = {
  silent: 'settings.servers.check.silent',
  needsKey: 'settings.servers.check.needsKey',
  linkLocal: 'settings.servers.check.linkLocal',
  noModels: 'settings.servers.check.noModels',
};

/** The search's answer about `url`: the candidate at the same root (the search lists roots), found ones first. */
export function judgeServer(candidates: readonly DetectedBackend[], url: string): ServerVerdict {
  const root = serverRoot(url);
  const here = candidates.filter((c) => serverRoot(c.url) === root);
  const found = here.find((c) => c.found) ?? here[0];
  if (!found) return 'silent';
  if (found.needsConfirmation) return 'linkLocal';
  if (found.needsApiKey) return 'needsKey';
  if (!found.found || found.flavour === null) return 'silent';
  if (found.models.length === 0) return 'noModels';
  return 'usable';
}

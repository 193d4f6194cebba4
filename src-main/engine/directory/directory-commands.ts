/**
 * The directory's commands: what the wizard and Settings ask while the person chooses (the regions the directory's
 * nodes use, whether a directory answers), and the membership of a restricted trust domain. The questions read and
 * never change anything; the region answers are cached here, so one set of bindings is made per engine.
 */
import type { Settings } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { checkDirectory } from './directory-check';
import type { DirectoryLink } from './directory-link';
import type { DiscoveryClient } from './discovery-client';
import { RegionCatalog } from './region-catalog';
import type { SecretStore } from '../identity';
import { InFlight } from '../net';

export interface DirectoryCommandSources {
  gate: CommandGate;
  settings(): Settings;
  /** The running node's link and secret store; throws `engine_unavailable` while the node is not running. */
  running(): { link: DirectoryLink; secrets: SecretStore };
  /** The running node's one discovery client (the region list reads its answers), or null while it is not running. */
  discovery?: () => DiscoveryClient | null;
  fetchImpl?: typeof fetch;
}

export function directoryCommands(
  sources: DirectoryCommandSources,
): CommandBindings<'listRegions' | 'checkDirectory' | 'setMembership'> {
  const regions = new RegionCatalog({ discovery: sources.discovery, fetchImpl: sources.fetchImpl });
  const checks = new InFlight<Awaited<ReturnType<typeof checkDirectory>>>();
  return {
    listRegions: (r) => regions.list(r.url ?? sources.settings().directoryUrl, r.refresh),
    checkDirectory: (r) =>
      checks.run(r.url, () => checkDirectory(r.url, sources.fetchImpl ? { fetchImpl: sources.fetchImpl } : {})),
    // Stored with the secrets; the directory link tries again now.
    setMembership: (r) => {
      const running = sources.running();
      running.secrets.update({ membership_credential: r.credential });
      running.link.membershipChanged();
      return sources.gate.publishNow();
    },
  };
}

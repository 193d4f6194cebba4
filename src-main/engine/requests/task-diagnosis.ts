import type { NodeSnapshot, ReachabilityStatus, Settings, TaskDiagnosis } from '@shared/contract';
import { DiscoveryClient, type DirectoryStatus } from '../directory';
import type { EarningsService } from '../earnings';
import { DIAGNOSE_TIMEOUT_MS } from './directory-answers';
import { diagnoseTasks } from './why-no-tasks';
import { primaryIntent, type Advertised } from '../server';

export interface DiagnosisSources {
  settings: () => Settings;
  nodeId: string;
  membership: () => string | null;
  directory: () => Readonly<DirectoryStatus>;
  reachability: () => ReachabilityStatus;
  advertised: () => Advertised;
  earnings: EarningsService;
  standing: () => NodeSnapshot['earnings'];
  requests: (served: number) => NodeSnapshot['requests'];
  fetchImpl?: typeof fetch;
  /** The node's one discovery client: the search is the answer every page tells (without it, a client of its own). */
  discovery?: DiscoveryClient;
}

/** "Why am I not getting tasks?": the checks of requests/why-no-tasks.ts against what the node knows now. */
export async function diagnoseNow(d: DiagnosisSources): Promise<TaskDiagnosis> {
  // Standing and price are judged as the Earnings and Pricing pages show them, read afresh first (in bounded
  // time) so those pages show what the check found.
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([
    d.earnings.syncNow().catch(() => undefined),
    new Promise<void>((resolve) => {
      waited = setTimeout(resolve, DIAGNOSE_TIMEOUT_MS);
      waited.unref?.();
    }),
  ]);
  clearTimeout(waited);
  const dir = d.directory();
  const adv = d.advertised();
  const standing = d.standing();
  return diagnoseTasks({
    directoryUrl: d.settings().directoryUrl,
    nodeId: d.nodeId,
    membership: d.membership(),
    link: dir.link,
    linkMessage: dir.message,
    reachability: d.reachability(),
    intent: adv.intents.size > 0 ? primaryIntent(adv) : null,
    models: adv.models,
    pricing: d.earnings.pricing(),
    standing,
    requests: d.requests(standing.today.jobs),
    // The person asked for this check: the search is asked now, not read from the window the pages share, and its
    // answer becomes the one the demand card and the gateway tell too.
    discover: (intent) =>
      (
        d.discovery ??
        new DiscoveryClient({
          directoryUrl: () => d.settings().directoryUrl,
          membership: d.membership,
          fetchImpl: d.fetchImpl,
        })
      ).discover({ intent }, { fresh: true }),
    fetchImpl: d.fetchImpl,
  });
}

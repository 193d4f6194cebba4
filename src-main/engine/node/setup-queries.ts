import type { Settings } from '@shared/contract';
import type { CommandHandlers } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { checkDirectory } from '../directory/directory-check';
import { RegionCatalog } from '../directory/region-catalog';
import { InFlight } from '../net/in-flight';
import { serverModelsOf } from '../backends/server-models';
import type { NodeServices } from './node-services';

export interface SetupQuerySources {
  settings(): Settings;
  services(): NodeServices | null;
  fetchImpl?: typeof fetch;
}

export type SetupQueryHandlers = Pick<CommandHandlers, 'listServerModels' | 'listRegions' | 'checkDirectory'>;

/**
 * What the wizard and Settings ask while the person chooses: the server's models with their kinds, the regions the
 * directory's nodes use, and whether a directory answers. They read and never change anything; the region answers are
 * cached here, so one set of handlers is made per engine.
 */
export function createSetupQueries(sources: SetupQuerySources): SetupQueryHandlers {
  const regions = new RegionCatalog(sources.fetchImpl ? { fetchImpl: sources.fetchImpl } : {});
  const checks = new InFlight<Awaited<ReturnType<typeof checkDirectory>>>();
  return {
    listServerModels: () => {
      const parts = sources.services()?.parts;
      if (!parts) throw new ContractError('engine_unavailable', 'The node is not running.');
      // A fresh look at the configured server, then everything it lists with what each model is.
      return parts.looks.refresh().then(() => serverModelsOf(parts.offer.observation, sources.settings().backendUrl));
    },
    listRegions: (r) => regions.list(r.url ?? sources.settings().directoryUrl, r.refresh),
    checkDirectory: (r) => checks.run(r.url, () => checkDirectory(r.url, sources.fetchImpl ? { fetchImpl: sources.fetchImpl } : {})),
  };
}

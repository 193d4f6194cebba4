import { said, type Said } from '@shared/i18n/said';
import type { RegionList } from '@shared/contract';
import { getApi } from '../api';
import { useHostQuery } from './useHostQuery';

export type RegionsState =
  { status: 'loading' } | { status: 'ready'; list: RegionList } | { status: 'failed'; words: Said };

/** The regions nodes on the directory use, for the region field's suggestions; the host caches them for a while. */
export function useRegions(directoryUrl: string) {
  // Asked again on request, the host asks the directory anew rather than answering from its cache.
  const { state, reload } = useHostQuery(
    (reloads) => getApi().listRegions({ url: directoryUrl, refresh: reloads > 0 }),
    directoryUrl,
  );
  const regions: RegionsState =
    state.status === 'ready'
      ? { status: 'ready', list: state.value }
      : state.status === 'error'
        ? { status: 'failed', words: said('components.regions.failed') }
        : state;
  return { state: regions, askAgain: reload };
}

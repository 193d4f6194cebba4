import type { ServerModels } from '@shared/contract';
import { getApi } from '../api';
import { useHostQuery } from './useHostQuery';
import { sayNow } from '@shared/i18n/current';

export type ServerModelsState =
  { status: 'loading' } | { status: 'ready'; list: ServerModels } | { status: 'failed'; words: string };

/** The configured LLM server's models with their kinds (a fresh look each time), for Settings' model picker. */
export function useServerModels() {
  const { state, reload } = useHostQuery(() => getApi().listServerModels({}));
  let models: ServerModelsState;
  if (state.status === 'ready') models = { status: 'ready', list: state.value };
  else if (state.status === 'error') {
    const t = sayNow();
    const words =
      state.error.code === 'engine_unavailable'
        ? t('components.serverModels.noNode')
        : t('components.serverModels.failed');
    models = { status: 'failed', words };
  } else models = state;
  return { state: models, lookAgain: reload };
}

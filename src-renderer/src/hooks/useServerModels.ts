import type { ServerModels } from '@shared/contract';
import { getApi } from '../api';
import { useHostQuery } from './useHostQuery';

export type ServerModelsState = { status: 'loading' } | { status: 'ready'; list: ServerModels } | { status: 'failed'; words: string };

/** The configured LLM server's models with their kinds (a fresh look each time), for Settings' model picker. */
export function useServerModels() {
  const { state, reload } = useHostQuery(() => getApi().listServerModels({}));
  let models: ServerModelsState;
  if (state.status === 'ready') models = { status: 'ready', list: state.value };
  else if (state.status === 'error') {
    const words = state.error.code === 'engine_unavailable' ? 'The node is not running, so your LLM server cannot be asked.' : 'Your LLM server could not be asked for its models.';
    models = { status: 'failed', words };
  } else models = state;
  return { state: models, lookAgain: reload };
}

import type { ServerModels } from '@shared/contract';
import type { BackendObservation } from './backend-monitor';

const PROBLEMS: Record<Exclude<BackendObservation['status'], 'healthy'>, string> = {
  not_configured: 'No LLM server is chosen yet.',
  checking: 'Your LLM server has not been looked at yet.',
  loading: 'Your LLM server is loading a model, so its list may be incomplete until it is ready.',
  slow: 'Your LLM server answers too slowly to be described just now.',
  unreachable: 'Your LLM server did not answer just now.',
};

/**
 * The monitor's latest look as Settings' model list: every model the server lists (exclusions are the picker's
 * business), with what each one is. Only a healthy look is current; otherwise the list is what the server offered at its
 * last answer (maybe nothing) and `problem` says why it may be incomplete.
 */
export function serverModelsOf(obs: Readonly<BackendObservation>, url: string | null): ServerModels {
  const current = obs.status === 'healthy';
  let problem: string | null = null;
  if (!current) {
    // The monitor's own words say what is wrong with an unreachable server (not answering, wants a key, …).
    const why = obs.status === 'unreachable' && obs.message ? obs.message : PROBLEMS[obs.status];
    problem = obs.facts.length > 0 && obs.status !== 'loading' ? `${why} The list shows what it offered last.` : why;
  }
  return {
    url,
    flavour: obs.flavour,
    status: obs.status,
    // The monitor does not ask which models are in memory; that is the wizard's detection's business.
    models: obs.facts.map((f) => ({ name: f.name, kind: f.kind, modalities: [...f.modalities], loaded: null })),
    current,
    problem,
    checkedAt: obs.checkedAt === null ? null : new Date(obs.checkedAt).toISOString(),
  };
}

import type { LlmServerInfo, ServerModels } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { BackendObservation } from './backend-monitor';
import type { LlmServer } from './server-set';

/** Models left out of a server's offer that Settings names: a server listing hundreds must not swell every snapshot. */
const MAX_UNREADABLE_SHOWN = 20;

const PROBLEMS: Record<Exclude<BackendObservation['status'], 'healthy'>, Said> = {
  not_configured: said('engine.backend.list.notChosen'),
  checking: said('engine.backend.list.notLooked'),
  loading: said('engine.backend.list.loading'),
  slow: said('engine.backend.list.slow'),
  unreachable: said('engine.backend.list.unreachable'),
};

/**
 * The monitor's latest look as Settings' model list: every model the server lists (exclusions are the picker's
 * business), with what each one is. Only a healthy look is current; otherwise the list is what the server offered at its
 * last answer (maybe nothing) and `problem` says why it may be incomplete.
 */
export function serverModelsOf(obs: Readonly<BackendObservation>, url: string | null): ServerModels {
  const current = obs.status === 'healthy';
  let problem: Said | null = null;
  if (!current) {
    // The monitor's own words say what is wrong with an unreachable server (not answering, wants a key, …).
    const why = obs.status === 'unreachable' && obs.message ? obs.message : PROBLEMS[obs.status];
    problem = obs.facts.length > 0 && obs.status !== 'loading' ? said('engine.backend.list.offeredLast', { why }) : why;
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

/** Each LLM server as Settings and the dashboard list it; `hasKey` says whether the node holds an API key for it. */
export function describeServers(servers: readonly LlmServer[], hasKey: (id: string) => boolean): LlmServerInfo[] {
  return servers.map((server) => {
    const o = server.observation;
    return {
      id: server.id,
      url: server.url,
      flavour: o.flavour,
      status: o.status,
      models: server.serving ? o.facts.map((f) => f.name) : [],
      unreadable: server.serving ? o.unreadable.slice(0, MAX_UNREADABLE_SHOWN) : [],
      loaded: o.loaded === null ? null : o.loaded.length,
      busy: server.inFlight,
      message: o.message,
      hasKey: hasKey(server.id),
      onThisComputer: server.onThisComputer,
    };
  });
}

import type { SpeechKind } from '../api-shapes';
import type { NodeList, OfferedNode } from '../routing';

/** One model as the model lists of the three APIs name it, and whose machine serves it. */
export interface ListedModel {
  id: string;
  ownedBy: 'this-computer' | 'my-machines' | 'iicp-network';
  /** What a speech model does; absent: a text model. */
  kind?: SpeechKind;
}

export interface ModelListSources {
  /** The network's offer per intent (with the person's known machines while the directory is down). */
  lists: readonly NodeList[];
  /** The models this computer's own LLM servers run, asked first. */
  localModels: readonly string[];
  selfNodeId: string;
  isOwn: (node: OfferedNode) => boolean;
  /** Only the person's own machines may answer (their choice, or no node to pay from). */
  ownOnly: boolean;
}

/** The most models a list carries: a screenful for any app's picker, and a bound on the answer. */
const MAX_MODELS = 1000;

/**
 * The models an app may ask for, as `/v1/models` and `/api/tags` list them: this computer's own first (free, listed
 * even when no other machine is up), then the person's machines, then others' when they may be paid. A model several
 * serve is named by the nearest of them.
 */
export function modelList(x: ModelListSources): ListedModel[] {
  const out = new Map<string, ListedModel>();
  for (const m of x.localModels) out.set(m, { id: m, ownedBy: 'this-computer' });
  for (const list of x.lists) {
    for (const n of list.nodes) {
      if (n.nodeId === x.selfNodeId) continue;
      const own = x.isOwn(n);
      if (x.ownOnly && !own) continue;
      for (const m of n.models) {
        const had = out.get(m)?.ownedBy;
        if (had === undefined || (own && had === 'iicp-network'))
          out.set(m, { id: m, ownedBy: own ? 'my-machines' : 'iicp-network' });
      }
    }
  }
  return [...out.values()].slice(0, MAX_MODELS);
}

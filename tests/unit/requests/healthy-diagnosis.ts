/**
 * What "Why am I not getting tasks?" is given for a node with nothing holding it back (registered, reached, priced at
 * the base rate, out of probation, no refusals), less the search, which each test asks its own way.
 */
import type { DiagnoseInput } from '@engine/requests/why-no-tasks';

export const CHAT = 'urn:iicp:intent:llm:chat:v1';

export function healthyDiagnosis(directoryUrl: string, nodeId: string): Omit<DiagnoseInput, 'discover'> {
  return {
    directoryUrl,
    nodeId,
    membership: null,
    link: 'registered',
    linkMessage: null,
    reachability: 'public',
    intent: CHAT,
    models: ['qwen2.5:7b'],
    pricing: {
      declared: { multiplier: 1, model: 'per_token' },
      ceiling: 1,
      capped: false,
      tier: { name: '7b', weight: 1, model: 'qwen2.5:7b' },
      directoryMultiplier: 1,
      declarationAccepted: true,
    },
    standing: { reputationScore: 0.8, probation: false, completedTasks: 300 },
    requests: { refused: 0, failed: 0, advice: [] },
  };
}

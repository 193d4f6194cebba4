/** `/v1/stats` and `/v1/me`; the node views live in node-views.ts, discovery in discover.ts. */
import { authenticateNode } from './auth';
import { json, type ParsedRequest, type Reply } from './http';
import type { DirectoryContext } from './types';

const SDK_BASELINE = [0, 7, 68];

/** `current` from 0.7.68 on, the production directory's SDK baseline. */
export function sdkStatus(version: string | null): 'current' | 'downlevel' | 'unknown' {
  const m = version === null ? null : /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return 'unknown';
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = SDK_BASELINE[i] ?? 0;
    if (a !== b) return a > b ? 'current' : 'downlevel';
  }
  return 'current';
}

export const CREDIT_SCHEDULE = {
  formula: 'ceil(output_tokens / tokens_per_credit) × tier_weight × node_multiplier',
  tokens_per_credit: 1000,
  tier_weights: { sub_1b: 0.05, '7b': 1.0, '13b': 2.0, '30b': 6.5, '70b': 32.0, '100b_plus': 75.0 },
  evaluation_grant: { credits: 5, interval_seconds: 21600 },
  burn_rate_pct: 2.0,
} as const;

export function handleStats(ctx: DirectoryContext): Reply {
  const nodes = Object.values(ctx.state.nodes);
  return json(200, {
    total_nodes: nodes.length,
    active_nodes: nodes.filter((n) => n.available && n.status === 'active').length,
    credit_schedule: CREDIT_SCHEDULE,
  });
}

export function handleMe(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  if (!auth.ok) return auth.reply;
  return json(200, { node_id: auth.node.nodeId, observed_source_ip: req.ip, endpoint: auth.node.endpoint });
}

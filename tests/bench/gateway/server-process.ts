/**
 * Child-process entry of the gateway bench, one server per process (see run.ts for why):
 *   `server-process.ts backend` — the null backend the provider calls, and an idle one the gateway node advertises;
 *   `server-process.ts directory` — the test directory (discovery, registrations, awards, task_spend debits);
 *   `server-process.ts provider <backendUrl> <dataDir> <directoryUrl>` — the provider node, registered;
 *   `server-process.ts gateway <backendUrl> <dataDir> <directoryUrl> <paid|own> <providerNodeId>` — the node whose
 *   local gateway the apps call, registered (it pays for its tasks), with an app key;
 *   `server-process.ts floor <providerUrl> <cxKey> <cxKeyId> <sourceNodeId>` — the minimal gateway
 *   (minimal-gateway.ts).
 */
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { startNullBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { toUnits, unitsToNumber } from '../../support/directory/decimal';
import { eventually } from '../../support/eventually';
import { registeredNode } from '../lib/node-ready';
import { serveChild } from '../lib/server-child';
import { agentFetch } from '../proxy/agent-fetch';
import { startMinimalGateway } from './minimal-gateway';

export interface BackendInfo {
  url: string;
  model: string;
  /** A second null backend with another model: the gateway node's own, never called by a task. */
  idleUrl: string;
}
export interface DirectoryInfo {
  url: string;
}
export interface ProviderInfo {
  url: string;
  nodeId: string;
}
export interface FloorInfo {
  url: string;
  key: string;
}
export interface GatewayInfo {
  /** `http://127.0.0.1:<gateway port>`: apps call `/v1/chat/completions` there. */
  url: string;
  nodeId: string;
  mode: GatewayMode;
}
/**
 * `paid`: the provider is another operator's node (the budget's hold, a paid task); `own`: listed as the person's own
 * machine.
 */
export type GatewayMode = 'paid' | 'own';

export const GATEWAY_OWN_MODEL = 'gateway-own-model';

const [role, backendUrl, dataDir, directoryUrl, mode, providerId] = process.argv.slice(2);
const where = { backend: backendUrl!, dataDir: dataDir!, directoryUrl: directoryUrl! };

if (role === 'backend') {
  serveChild<BackendInfo>(async () => {
    const nb = await startNullBackend();
    const idle = await startNullBackend({ model: GATEWAY_OWN_MODEL });
    return {
      info: { url: nb.url, model: nb.model, idleUrl: idle.url },
      handlers: { requests: () => nb.requests },
      close: async () => {
        await Promise.all([nb.close(), idle.close()]);
      },
    };
  });
} else if (role === 'directory') {
  serveChild<DirectoryInfo>(async () => {
    // Loopback endpoints are not routable and nothing here is probed: the production rules are off, as in local tests.
    const d = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
    return {
      info: { url: d.url },
      handlers: {
        awards: () => d.state.awards.length,
        // What the operator bought for the node that pays: the directory's free grant is once per address, and the
        // provider, registered first from the same loopback address, took it.
        fund: (arg) => {
          const { nodeId, credits } = arg as { nodeId: string; credits: number };
          const account = (d.state.credits[nodeId] ??= { balanceUnits: 0, freeLastAllocationAt: null });
          account.balanceUnits += toUnits(credits);
          return unitsToNumber(account.balanceUnits);
        },
      },
      close: () => d.close(),
    };
  });
} else if (role === 'provider') {
  serveChild<ProviderInfo>(async () => {
    // One slot more than the largest load: one source (the gateway, or the bench's client) never holds every slot.
    const h = await registeredNode(where, { maxConcurrent: 65 });
    return {
      info: { url: h.base, nodeId: h.node.getSnapshot().node.nodeId ?? '' },
      handlers: { heapUsed: () => process.memoryUsage().heapUsed },
      close: () => h.stop(),
    };
  });
} else if (role === 'gateway') {
  serveChild<GatewayInfo>(async () => {
    const m: GatewayMode = mode === 'own' ? 'own' : 'paid';
    // No limits: the budget never refuses, yet every paid request still holds its worst case and gives it back. The
    // experiment BENCH_GATEWAY_CAPS=1 sets daily and monthly caps too high to reach: the budget then reads what the day
    // and the month spent from the spent book on every paid request, as it does with the shipped limits.
    const caps = process.env.BENCH_GATEWAY_CAPS === '1' ? 1_000_000 : null;
    const gateway: GatewaySettings = {
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: caps,
      monthlyCap: caps,
      perRequestMax: null,
      keepBalance: null,
      onlyMine: false,
    };
    // Registered, it pays for its tasks itself (`source_node_id`): other operators' nodes may be used.
    // Experiment (BENCH_GATEWAY_FETCH=agent): the gateway calls nodes through a fetch look-alike over http.request
    // (ProviderNodeOptions.publicFetch replaces its pinned undici fetch), to see what undici's fetch costs it.
    const publicFetch = process.env.BENCH_GATEWAY_FETCH === 'agent' ? agentFetch() : undefined;
    const h = await registeredNode(where, { gateway }, { gatewayPort: 0, publicFetch });
    // Own mode: the provider is on this computer's machine list, which belongs to an operator identity.
    if (m === 'own') {
      await h.node.commandHandlers().createOperator({ displayName: 'Bench Rigs' });
      await h.node.commandHandlers().addMachine({ nodeId: providerId! });
    }
    const base = await eventually(
      () => h.node.getSnapshot().gateway.baseUrl ?? Promise.reject(new Error('gateway not listening yet')),
      10_000,
    );
    return {
      info: { url: base.replace(/\/v1$/, ''), nodeId: h.node.getSnapshot().node.nodeId ?? '', mode: m },
      handlers: {
        heapUsed: () => process.memoryUsage().heapUsed,
        // The person makes a key for the app on the gateway's page, which reads the directory's quote (the balance the
        // gateway spends) as the page opens.
        createKey: async () => (await h.node.commandHandlers().createGatewayKey({ name: 'bench' })).secret,
      },
      close: () => h.stop(),
    };
  });
} else if (role === 'floor') {
  serveChild<FloorInfo>(async () => {
    // argv: the provider's URL, its IICP-CX key and key id, the paying node (the gateway node, as the gateway names
    // it).
    const [, nodeUrl, key, keyId, sourceNodeId] = process.argv.slice(2);
    const appKey = 'floor-key';
    const g = await startMinimalGateway({
      nodeUrl: nodeUrl!,
      cx: { key: key!, keyId: keyId! },
      sourceNodeId: sourceNodeId!,
      key: appKey,
      intent: 'urn:iicp:intent:llm:chat:v1',
    });
    return { info: { url: g.url, key: appKey }, close: () => g.close() };
  });
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}

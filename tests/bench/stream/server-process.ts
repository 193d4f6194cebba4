/**
 * Child-process entry of the stream bench, one server per process (see run.ts for why):
 *   `server-process.ts backend <firstMs> <everyMs> <tokens>` — the streaming LLM stand-in at a model's pace;
 *   `server-process.ts directory` — the test directory;
 *   `server-process.ts provider <backendUrl> <dataDir> <directoryUrl>` — the provider node, registered;
 *   `server-process.ts gateway <backendUrl> <dataDir> <directoryUrl> <providerNodeId>` — the node whose gateway the
 *   app calls, registered, with the provider among its own machines (free: the budget plays no part in a stream's
 *   first chunk, and an own machine is what the gateway asks first).
 */
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@shared/contract';
import { startNullBackend } from '../../support/backends';
import { startTestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { startStreamingLlm } from '../../support/streaming-llm';
import { registeredNode } from '../lib/node-ready';
import { serveChild } from '../lib/server-child';

export interface BackendInfo {
  url: string;
  model: string;
  /** The answer every request gets, whole. */
  answer: string;
  /** A null backend with another model: the gateway node's own, never called by a task. */
  idleUrl: string;
}
export interface DirectoryInfo {
  url: string;
}
export interface ProviderInfo {
  url: string;
  nodeId: string;
}
export interface GatewayInfo {
  /** `http://127.0.0.1:<gateway port>`: apps call `/v1/chat/completions` there. */
  url: string;
  key: string;
  nodeId: string;
}

export const STREAM_MODEL = 'stream-bench-7b';
const GATEWAY_OWN_MODEL = 'gateway-own-model';

const args = process.argv.slice(2);
const role = args[0];
if (role === 'backend') {
  serveChild<BackendInfo>(async () => {
    const [firstMs, everyMs, count] = args.slice(1).map(Number);
    // Tokens of a few letters each, as a model's are; the first comes at once with the prompt's processing time.
    const tokens = Array.from({ length: count! }, (_, i) => `${i === 0 ? '' : ' '}w${i.toString(36)}`);
    const llm = await startStreamingLlm({
      model: STREAM_MODEL,
      first: tokens.slice(0, 1),
      rest: tokens.slice(1),
      hold: false,
      pace: { firstMs: firstMs!, everyMs: everyMs! },
    });
    const idle = await startNullBackend({ model: GATEWAY_OWN_MODEL });
    return {
      info: { url: llm.url, model: STREAM_MODEL, answer: tokens.join(''), idleUrl: idle.url },
      handlers: { requests: () => llm.requests, closedEarly: () => llm.closedEarly },
      close: async () => {
        await Promise.all([llm.close(), idle.close()]);
      },
    };
  });
} else if (role === 'directory') {
  serveChild<DirectoryInfo>(async () => {
    const d = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
    return { info: { url: d.url }, close: () => d.close() };
  });
} else if (role === 'provider') {
  serveChild<ProviderInfo>(async () => {
    const [, backendUrl, dataDir, directoryUrl] = args;
    // One slot more than the largest load, as in the gateway bench.
    const h = await registeredNode(
      { backend: backendUrl!, dataDir: dataDir!, directoryUrl: directoryUrl! },
      { maxConcurrent: 65 },
    );
    return { info: { url: h.base, nodeId: h.node.getSnapshot().node.nodeId ?? '' }, close: () => h.stop() };
  });
} else if (role === 'gateway') {
  serveChild<GatewayInfo>(async () => {
    const [, backendUrl, dataDir, directoryUrl, providerId] = args;
    const gateway: GatewaySettings = {
      ...DEFAULT_GATEWAY_SETTINGS,
      enabled: true,
      dailyCap: null,
      monthlyCap: null,
      perRequestMax: null,
      keepBalance: null,
      onlyMine: false,
    };
    const h = await registeredNode(
      { backend: backendUrl!, dataDir: dataDir!, directoryUrl: directoryUrl! },
      { gateway },
      { gatewayPort: 0 },
    );
    await h.node.commandHandlers().createOperator({ displayName: 'Bench Rigs' });
    await h.node.commandHandlers().addMachine({ nodeId: providerId! });
    const base = await eventually(
      () => h.node.getSnapshot().gateway.baseUrl ?? Promise.reject(new Error('gateway not listening yet')),
      10_000,
    );
    const key = (await h.node.commandHandlers().createGatewayKey({ name: 'bench' })).secret;
    return {
      info: { url: base.replace(/\/v1$/, ''), key, nodeId: h.node.getSnapshot().node.nodeId ?? '' },
      close: () => h.stop(),
    };
  });
} else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}

import { request } from 'node:http';
import type { Settings } from '@shared/contract';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { ProviderNode, type ProviderNodeOptions } from '@engine/node/provider-node';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { tempDir } from './tmp';

export interface NodeHarness {
  node: ProviderNode;
  dir: string;
  port: number;
  base: string;
  secrets: MemorySecretStore;
  stop(): Promise<void>;
}

/** A running ProviderNode on loopback with a free task port; settings are stored before it starts. */
export async function startNode(
  settings: Partial<Settings>,
  options: Partial<ProviderNodeOptions> = {},
  dataDir?: string,
): Promise<NodeHarness> {
  const t = dataDir ? null : tempDir('iicp-node-');
  const dir = dataDir ?? t!.dir;
  const secrets = (options.secretStore as MemorySecretStore | undefined) ?? new MemorySecretStore();
  const node = new ProviderNode({
    dataDir: dir,
    host: 'headless',
    appVersion: '0.1.0-test',
    taskHost: '127.0.0.1',
    taskPort: 0,
    secretStore: secrets,
    // The host's own network is not what these tests are about: no router discovery, no interface addresses.
    overrides: { portMapping: 'off', ...settings },
    ...options,
    tuning: {
      snapshotIntervalMs: 0,
      nat: { interfaces: () => ({}) },
      tunnels: { env: { PATH: '' }, ngrokApiUrl: 'http://127.0.0.1:9' },
      ...options.tuning,
    },
  });
  await node.start();
  // The first look at the backend runs in the background; tests start from a node that has had it.
  await eventually(() => {
    if (node.getSnapshot().backend.status === 'checking') throw new Error('backend not checked yet');
  });
  const port = node.runtime!.taskPort!;
  return {
    node,
    dir,
    port,
    base: `http://127.0.0.1:${port}`,
    secrets,
    async stop() {
      await node.stop();
      t?.cleanup();
    },
  };
}

/**
 * A node a test directory can register: its task port chosen before it starts and advertised as its public endpoint
 * on loopback (allowed for tests), its LLM server given, and short directory retries. `settings` and `options` add to
 * (or replace) these.
 */
export async function startPublicNode(
  urls: { directory: string; backend: string },
  settings: Partial<Settings> = {},
  options: Partial<ProviderNodeOptions> = {},
): Promise<NodeHarness> {
  const port = await freePort();
  return startNode(
    { backendUrl: urls.backend, directoryUrl: urls.directory, publicEndpoint: `http://127.0.0.1:${port}`, ...settings },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      ...options,
      tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200, ...options.tuning },
    },
  );
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Tests read arbitrary JSON answers field by field. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A plain HTTP call (node:http, fresh connection) returning status, headers and parsed JSON. */
export function http(
  url: string,
  /** `localAddress`: the source address to connect from (127.0.0.x), so a server sees another host. */
  opts: {
    method?: string;
    body?: unknown;
    raw?: string | Buffer;
    headers?: Record<string, string>;
    localAddress?: string;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: { ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
        agent: false,
        localAddress: opts.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export { eventually } from './eventually';

export const chatTask = (taskId: string, extra: Record<string, unknown> = {}) => ({
  task_id: taskId,
  intent: 'urn:iicp:intent:llm:chat:v1',
  payload: { messages: [{ role: 'user', content: 'hello there' }] },
  ...extra,
});

/**
 * Child process of hostile-helper-output.test.ts: a provider node in a process of its own, so the parent measures
 * its resident memory and CPU alone and probes its task port from outside, while a program it starts (a stand-in
 * `cloudflared` on its PATH, a fake `nvidia-smi` for its owner watcher) turns on it.
 *
 *   helper-node-child.ts '{"dataDir": …, "directoryUrl": …, "backendUrl": …, "tunnels": {…} | null, "gpu": {…} | null}'
 */
import type { EngineEvent, NodeSnapshot } from '@shared/contract';
import { QUICK_TUNNEL_TIMINGS } from '@engine/nat/tunnels/quick-tunnel-options';
import { serveChild } from '../../bench/lib/server-child';
import { startNode } from '../../support/node-harness';
import { FAST_TIMINGS } from '../../support/tunnels/quick-tunnel-harness';
import { createTunnelFetch } from '../../support/tunnels/tunnel-fetch';

export interface HelperNodeConfig {
  dataDir: string;
  directoryUrl: string;
  backendUrl: string;
  /** A quick tunnel through the stand-in cloudflared: its PATH and state folder (StandIns.env, .cloudflaredDir). */
  tunnels: { env: NodeJS.ProcessEnv; cloudflaredDir: string } | null;
  /** The owner watcher with this nvidia-smi, reading its state from `statePath` ($FAKE_GPU_STATE). */
  gpu: { nvidiaSmi: string; statePath: string } | null;
}

export interface HelperNodeInfo {
  taskPort: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as HelperNodeConfig;

serveChild<HelperNodeInfo>(async () => {
  // The watcher's thread passes this process's environment on to the tool it starts.
  if (config.gpu) process.env.FAKE_GPU_STATE = config.gpu.statePath;
  const h = await startNode(
    {
      backendUrl: config.backendUrl,
      directoryUrl: config.directoryUrl,
      relayFallback: false,
      quickTunnel: config.tunnels !== null,
      ...(config.gpu
        ? {
            ownerFirst: {
              gpuPrograms: true,
              fullscreen: false,
              programs: [],
              graceSeconds: 3,
              cooldownSeconds: 2,
              freeMemory: false,
              vramFloorGb: null,
              maxPowerW: null,
              maxTemperatureC: null,
            },
          }
        : {}),
    },
    {
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        // The shipped 20 s for cloudflared to print its address: what a flood has to fill.
        ...(config.tunnels
          ? {
              tunnels: {
                env: config.tunnels.env,
                ngrokApiUrl: 'http://127.0.0.1:9',
                timings: { ...FAST_TIMINGS, startTimeoutMs: QUICK_TUNNEL_TIMINGS.startTimeoutMs },
              },
            }
          : {}),
        ...(config.gpu
          ? {
              owner: {
                intervalMs: 500,
                tools: { nvidiaSmi: config.gpu.nvidiaSmi, rocmSmi: null, ioreg: null, xprop: null },
                raplRoot: null,
              },
            }
          : {}),
      },
      ...(config.tunnels ? { publicFetch: createTunnelFetch(config.tunnels.cloudflaredDir, fetch) } : {}),
    },
    config.dataDir,
  );
  const node = h.node;
  return {
    info: { taskPort: h.port },
    handlers: {
      snapshot: (): NodeSnapshot => node.getSnapshot(),
      events: async (): Promise<EngineEvent[]> => node.commandHandlers().listEvents({ limit: 200 }),
      // Looks for a way in again (the quick tunnel is started on the way) and answers once the look is over.
      recheck: async (): Promise<NodeSnapshot> => node.commandHandlers().recheckReachability({}),
    },
    close: () => h.stop(),
  };
});

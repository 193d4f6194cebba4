/**
 * Child process of the hostile bench: the fake LLM server (generation time grows with the answer, so a task asking
 * for a long one holds its slot) and the provider node in front of it, unregistered (no directory: the task port is
 * what is measured).
 *
 *   node-process.ts <taskPort> <maxConcurrent> <msPerOutputToken>
 *
 * The node's event loop delay is sampled here (tests/support/loop-delay.ts) and reported per window.
 */
import { loopDelayWindows } from '../../support/loop-delay';
import { startFakeBackend } from '../../support/backends';
import { startNode } from '../../support/node-harness';
import { serveChild } from '../lib/server-child';

export interface HostileNodeInfo {
  port: number;
  maxConcurrent: number;
}

const taskPort = Number(process.argv[2]);
const maxConcurrent = Number(process.argv[3] ?? 4);
const msPerOutputToken = Number(process.argv[4] ?? 10);

serveChild<HostileNodeInfo>(async () => {
  const backend = await startFakeBackend({
    flavour: 'ollama',
    models: ['llama3.2:3b'],
    latencyMs: 20,
    msPerOutputToken,
  });
  // The shipped hosts' 250 ms snapshot throttle (the test harness refreshes on every change).
  const h = await startNode(
    { backendUrl: backend.url, maxConcurrent, maxTokens: 8192 },
    { taskPort, tuning: { snapshotIntervalMs: 250 } },
  );
  const loop = loopDelayWindows();
  return {
    info: { port: h.port, maxConcurrent },
    handlers: {
      /** Event-loop delay since the last call (ms), then starts a new window. */
      loop,
      state: () => ({
        state: h.node.getSnapshot().state,
        activeJobs: h.node.getSnapshot().capacity.activeJobs,
        backendMaxInFlight: backend.maxInFlight,
      }),
    },
    close: async () => {
      await h.stop();
      await backend.close();
    },
  };
});

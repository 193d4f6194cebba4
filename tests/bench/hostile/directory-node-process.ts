/**
 * Child process of the hostile directory bench: a fake LLM server and a provider node in front of it, registered with
 * the test directory the parent runs (which the parent turns hostile), its earnings check on its own thread as
 * shipped.
 *
 *   directory-node-process.ts <directoryUrl>
 */
import { loopDelayWindows } from '../../support/loop-delay';
import { startFakeBackend } from '../../support/backends';
import { eventually, startPublicNode } from '../../support/node-harness';
import { serveChild } from '../lib/server-child';

export interface DirectoryNodeInfo {
  port: number;
}

const directoryUrl = process.argv[2]!;

serveChild<DirectoryNodeInfo>(async () => {
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'], latencyMs: 20 });
  // The node's own timer is pushed past the bench: each window asks for one check, so each is measured alike.
  const h = await startPublicNode(
    { directory: directoryUrl, backend: backend.url },
    {},
    { tuning: { snapshotIntervalMs: 250, earnings: { verifyFirstDelayMs: 3_600_000 } } },
  );
  await eventually(() => {
    if (h.node.getSnapshot().directory.link !== 'registered') throw new Error('not registered yet');
  }, 20_000);
  const loop = loopDelayWindows();
  return {
    info: { port: h.port },
    handlers: {
      loop,
      /** "Verify now": the largest budget a check gets (the timer's passes get less). */
      verify: () => h.node.commandHandlers().verifyEarnings({}),
      state: () => ({ state: h.node.getSnapshot().state, link: h.node.getSnapshot().directory.link }),
    },
    close: async () => {
      await h.stop();
      await backend.close();
    },
  };
});

/**
 * The wizard's last step should not leave the person waiting: a node that could not register (no LLM server
 * chosen yet) registers as soon as setup is done and the settings make it registrable, not at the next 30 s look at
 * the backend.
 */
import { inEnglish } from '../support/said-english';
import { afterAll, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, startNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('registers within a couple of seconds of choosing the LLM server', async () => {
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  cleanups.push(() => directory.close());
  const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  cleanups.push(() => backend.close());
  const port = await freePort();
  const h = await startNode(
    { directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${port}` },
    { taskPort: port, allowPrivateEndpoint: true, tuning: { directoryStartupRetryDelaysMs: [200, 400] } },
  );
  cleanups.push(() => h.stop());
  await eventually(() =>
    expect(inEnglish(h.node.getSnapshot().directory.message)).toMatch(/choose a local LLM server/),
  );
  await h.node.commandHandlers().chooseBackend({ url: backend.url, defaultModel: null, excludedModels: [] });
  // The wizard's last command: the node joins once setup is done (decision record 0041).
  await h.node.commandHandlers().completeSetup({ startAtLogin: false });
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

/**
 * Each LLM server's line on the Dashboard lists the models it offers now: a model the person chose not to offer (the
 * wizard's models step, Settings) is left off its server's line, as it is left out of the registration, so the line
 * never counts a model the network is not told of.
 */
import { afterAll, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { eventually, startPublicNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('leaves a model the person does not offer off its server’s line', async () => {
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  cleanups.push(() => directory.close());
  const main = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b', 'nomic-embed-text'] });
  cleanups.push(() => main.close());
  const box = await startFakeBackend({ flavour: 'ollama', models: ['mistral:7b', 'llava:7b'] });
  cleanups.push(() => box.close());
  const h = await startPublicNode(
    { directory: directory.url, backend: main.url },
    { moreBackends: [{ id: 'box', url: box.url }], excludedModels: ['llava:7b'] },
  );
  cleanups.push(() => h.stop());

  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  const servers = h.node.getSnapshot().backend.servers;
  expect(servers.map((s) => [s.id, s.models])).toEqual([
    ['main', ['qwen2.5:7b', 'nomic-embed-text']],
    ['box', ['mistral:7b']],
  ]);
  expect(servers[1]!.serves).toEqual(['chat']);
  expect([...h.node.getSnapshot().backend.models].sort()).toEqual(['mistral:7b', 'nomic-embed-text', 'qwen2.5:7b']);
});

/**
 * The wizard's last step with two LLM servers saves the main one, then the other, then marks setup done. The node's
 * first registration must offer what it will serve: both servers' models, in one REGISTER, not the first server's
 * models followed a moment later by a second REGISTER with all of them. The page sends the three commands back to
 * back, so setup may be done before either server has answered its first look.
 */
import { afterAll, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, startNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const FIRST = ['qwen2.5:7b', 'nomic-embed-text'];
const SECOND = ['mistral:7b', 'llama3.1:8b'];

const advertised = (body: unknown): string[] =>
  [...new Set((body as { capabilities: { models: string[] }[] }).capabilities.flatMap((c) => c.models))].sort();

it('registers once, with every chosen server’s models, when setup is done', async () => {
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  cleanups.push(() => directory.close());
  const first = await startFakeBackend({ flavour: 'ollama', models: FIRST });
  cleanups.push(() => first.close());
  const second = await startFakeBackend({ flavour: 'ollama', models: SECOND });
  cleanups.push(() => second.close());
  const port = await freePort();
  const h = await startNode(
    { directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${port}` },
    { taskPort: port, allowPrivateEndpoint: true, tuning: { directoryStartupRetryDelaysMs: [200, 400] } },
  );
  cleanups.push(() => h.stop());
  const commands = h.node.commandHandlers();
  const all = [...FIRST, ...SECOND].sort();
  const registered = () => directory.state.registrations.filter((r) => r.status === 201).map((r) => advertised(r.body));

  // What the wizard's "Start my node" sends, in its order.
  await commands.chooseBackend({ url: first.url, defaultModel: null, excludedModels: [] });
  await commands.addServer({ url: second.url });
  // The node has looked at both servers, and waits for setup to be done before it registers.
  await eventually(() => expect([...h.node.getSnapshot().backend.models].sort()).toEqual(all));
  expect(registered()).toEqual([]);
  await commands.completeSetup({ startAtLogin: false });

  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
  expect(registered()).toEqual([all]);
});

it('registers once, with every server’s models, when setup is done before the servers answered', async () => {
  const directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  cleanups.push(() => directory.close());
  // The main server answers its look after the wizard is done; the other one later still.
  const first = await startFakeBackend({ flavour: 'ollama', models: FIRST, answerDelayMs: 400 });
  cleanups.push(() => first.close());
  const second = await startFakeBackend({ flavour: 'ollama', models: SECOND, answerDelayMs: 1500 });
  cleanups.push(() => second.close());
  const port = await freePort();
  const h = await startNode(
    { directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${port}` },
    { taskPort: port, allowPrivateEndpoint: true, tuning: { directoryStartupRetryDelaysMs: [200, 400] } },
  );
  cleanups.push(() => h.stop());
  const commands = h.node.commandHandlers();
  const all = [...FIRST, ...SECOND].sort();
  const attempts = () => directory.state.registrations.map((r) => [r.status, advertised(r.body)]);

  // What the wizard's "Start my node" sends, in its order, each as soon as the one before is answered.
  await commands.chooseBackend({ url: first.url, defaultModel: null, excludedModels: [] });
  await commands.addServer({ url: second.url });
  await commands.completeSetup({ startAtLogin: false });
  // Neither server has answered yet: the test is of the race the page runs.
  expect(h.node.getSnapshot().backend.models).toEqual([]);

  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
  expect(attempts()).toEqual([[201, all]]);
});

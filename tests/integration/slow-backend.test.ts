/**
 * A local LLM server that answers in 3 s (busy, or on a slow machine) while the node's look gives up at 2 s: the node
 * says it answers too slowly (not "is it running?"), keeps sending it tasks, and a task it answers settles the doubt.
 * On real sockets: a test directory and a fake vLLM whose every route answers 3 s after the request.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { statusWords } from '@shared/words/status-sentence';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode } from '../support/node-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

describe('an LLM server that answers in 3 s', () => {
  it('is said to answer too slowly, and tasks are still served', async () => {
    const backend = await startFakeBackend({ flavour: 'vllm', models: ['Qwen/Qwen2.5-7B-Instruct'] });
    cleanups.push(() => backend.close());
    const directory = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 1000,
    });
    cleanups.push(() => directory.close());
    const h = await startPublicNode({ directory: directory.url, backend: backend.url });
    cleanups.push(() => h.stop());
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 10_000);

    backend.set({ answerDelayMs: 3000 });
    await h.node.commandHandlers().checkAgain({});
    const slow = await eventually(
      () => {
        const s = h.node.getSnapshot();
        expect(s.backend.status).toBe('slow');
        return s;
      },
      15_000,
      20,
    );
    expect(english.said(slow.backend.message!)).toBe(
      'The local LLM server answers too slowly: nothing came back within 2 s.',
    );
    const said = statusWords(slow, { now: Date.now(), connection: 'connected' });
    expect(said).toMatchObject({ kind: 'backend_slow', sentence: 'vLLM answers too slowly' });
    expect(`${said.sentence} ${said.detail}`).not.toMatch(/running\?|Nothing answers/);

    // The task goes to the server (not 503 "not responding") and is answered, 3 s later.
    const task = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) });
    expect(task.status).toBe(200);
    expect(task.json).toMatchObject({ status: 'success' });
    await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'), 15_000);
  });
});

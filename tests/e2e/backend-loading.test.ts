/**
 * A llama.cpp server still loading its model (it answers every route 503 "Loading model" meanwhile): the
 * dashboard says so in plain words rather than calling the server broken, and shows the model once it is ready.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { artifactPath, overflowingElements } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';

const MODEL = 'qwen2.5-0.5b-instruct-q4_k_m.gguf';
let node: E2eNode;

async function snapshotWhere(pred: (s: NodeSnapshot) => boolean, timeoutMs = 15_000): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; last snapshot: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-loading-',
    backend: { flavour: 'llamacpp', models: [MODEL], loading: true },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('dashboard while the LLM server loads its model (Chromium, 900×600)', () => {
  it('says the server is loading a model, not that it is broken, then shows the model once it is ready', async () => {
    await snapshotWhere((s) => s.backend.status === 'loading');
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      const card = page.getByTestId('backend-status');
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('loading');
      const text = (await card.textContent())!;
      expect(text).toContain('Loading a model');
      expect(text).toContain('Your LLM server is loading a model.');
      expect(text).toContain('llama.cpp');
      expect(await page.locator('body').textContent()).not.toMatch(/does not understand/i);
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-backend-loading.png') });

      node.backend.set({ loading: false });
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('healthy');
      await expect.poll(() => card.textContent()).toContain('qwen2.5-0.5b-instruct-q4_k_m');
      expect(await card.textContent()).not.toContain('loading a model');
    } finally {
      await page.close();
    }
  });
});

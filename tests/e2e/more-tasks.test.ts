/**
 * More tasks from the same hardware, in Chromium against the built headless host: a second LLM server added in
 * Settings' "LLM servers" card and listed with its models; the dashboard's "What the network asks for" card with the
 * models consumers asked this node for, those few nodes serve and its price among the others at the test directory,
 * and a one-click pull onto the Ollama server that ends with the model offered; and "Why am I not getting tasks?"
 * saying, once the node has been healthy but idle, which reasons apply. Each page in both themes at both sizes.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { registerOtherNode } from '../support/directory';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { checkThemesAndShoot, LAPTOP } from '../support/theme-shots';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

let node: E2eNode;
let second: FakeBackend;
let taskPort: number;

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-more-tasks-',
    backend: { flavour: 'ollama', models: ['qwen2.5:7b'] },
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      // Idle after 3 s without a served task instead of 3 hours.
      IICP_IDLE_AFTER_MS: '3000',
    },
  });
  second = await startFakeBackend({
    flavour: 'llamacpp',
    buildInfo: 'b6500-1a2b3c4d',
    models: ['/srv/models/phi4-mini.gguf'],
    modelFacts: { '/srv/models/phi4-mini.gguf': { tools: true } },
  });
  await registerOtherNode(node.directory!.url, { port: 10, models: ['qwen2.5:7b', 'llama3.1:8b'], multiplier: 1 });
  await registerOtherNode(node.directory!.url, { port: 11, models: ['qwen2.5:7b'], multiplier: 0.5 });
  await eventually(
    async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).directory.link).toBe('registered'),
    30_000,
  );
  // Consumers ask this node for models it does not offer.
  for (const model of ['mistral:7b', 'mistral:7b', 'gemma3:4b']) {
    const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        task_id: randomUUID(),
        intent: CHAT,
        payload: { model, messages: [{ role: 'user', content: 'hi' }] },
      }),
    });
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('IICP-E029');
  }
});

afterAll(async () => {
  await second?.close();
  expect(await node?.stop()).toBe(0);
});

async function open(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 15_000 });
}

describe('more tasks from the same hardware (Chromium)', () => {
  it('adds a second LLM server in Settings and lists both with their models', async () => {
    const page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await open(page, 'Settings', 'Settings');
      const card = page.getByTestId('llm-servers');
      await card.waitFor({ timeout: 15_000 });
      await page.getByTestId('add-server-url').fill(second.url);
      await page.getByTestId('add-server-submit').click();
      await expect
        .poll(() => card.locator('[data-testid^="llm-server-"][data-status]').count(), { timeout: 15_000 })
        .toBe(2);
      const added = card.locator('[data-testid^="llm-server-"][data-status]').nth(1);
      await expect.poll(() => added.getAttribute('data-status'), { timeout: 15_000 }).toBe('healthy');
      expect(await added.textContent()).toContain('“phi4-mini”');
      expect(await card.getByTestId('llm-server-main').textContent()).toContain('“qwen2.5:7b”');
      // The node offers both servers' models, and registers them.
      await eventually(
        async () =>
          expect((await node.callOk<NodeSnapshot>('getSnapshot')).backend.models.sort()).toEqual([
            'phi4-mini',
            'qwen2.5:7b',
          ]),
        15_000,
      );
      await card.scrollIntoViewIfNeeded();
      await checkThemesAndShoot(page, 'settings-llm-servers');
    } finally {
      await page.close();
    }
  });

  it('says what the network asks for, pulls an asked-for model with one click, and says why the idle node gets no tasks', async () => {
    const page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await open(page, 'Dashboard', 'Dashboard');
      const demand = page.getByTestId('network-demand');
      await demand.waitFor({ timeout: 15_000 });
      const asked = page.getByTestId('demand-asked');
      await expect.poll(() => asked.textContent(), { timeout: 15_000 }).toContain('“mistral:7b”');
      expect(await asked.textContent()).toContain('“gemma3:4b”');
      const scarce = page.getByTestId('demand-scarce');
      expect(await scarce.textContent()).toContain('“llama3.1:8b”');
      expect(await page.getByTestId('demand-price').textContent()).toMatch(/median/);
      expect(await page.getByTestId('demand-at').textContent()).toMatch(/\d/);

      // Healthy but idle: the reason is there without a click.
      const idle = page.getByTestId('why-idle');
      await idle.waitFor({ timeout: 30_000 });
      expect(await idle.textContent()).toMatch(/^No task has come since /);
      const report = page.getByTestId('why-report');
      await report.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('why-demand').getAttribute('data-outcome')).not.toBeNull();
      expect(await page.getByTestId('why-demand').textContent()).toMatch(/other node/);

      await checkThemesAndShoot(page, 'dashboard-demand-idle');

      // One click pulls the asked-for model onto the Ollama server; the node offers it then.
      await page.getByTestId('demand-pull-mistral:7b').click();
      await expect
        .poll(() => page.getByTestId('demand-pull').getAttribute('data-state'), { timeout: 15_000 })
        .toBe('done');
      await eventually(
        async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).backend.models).toContain('mistral:7b'),
        15_000,
      );
      expect(node.backend.models).toContain('mistral:7b');
    } finally {
      await page.close();
    }
  });
});

/**
 * The dashboard of a real provider node: the built headless host with a fake Ollama behind it, two chat
 * tasks served on its task port, then the page in Chromium at 900×600. The node has no public address, so
 * it serves locally and does not register; the page must say so in words, with the node's name and no placeholder
 * region under the title, and when its figures last changed. Settings: the LLM server fixed by
 * IICP_BACKEND_URL shown read-only with its note, a validation error from the host, a saved region that
 * survives a reload, and the two-step "remove this node".
 */
import { english } from '@shared/i18n/say';
import { inEnglish } from '../support/said-english';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, Settings } from '@shared/contract';
import { artifactPath, overflowingElements } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODELS = ['qwen2.5:7b', 'nomic-embed-text'];

let node: E2eNode;
let taskPort: number;

async function snapshot(): Promise<NodeSnapshot> {
  const r = await node.client.call('getSnapshot');
  if (!r.ok) throw new Error(r.error.message);
  return r.value as NodeSnapshot;
}

/** Polls the engine until `pred` holds for its snapshot. */
async function snapshotWhere(pred: (s: NodeSnapshot) => boolean, timeoutMs = 15_000): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await snapshot();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; last snapshot: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function postChatTask(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'hi' }] },
    }),
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
}

beforeAll(async () => {
  taskPort = await freePort();
  // Setup counts as done (a fresh data folder would open the wizard); this test is about the dashboard.
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-node-',
    backend: { flavour: 'ollama', models: MODELS },
    env: { IICP_PORT: String(taskPort) },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('dashboard of a serving node (Chromium, 900×600)', () => {
  it('shows the node id, the LLM server and its models, why it is not registered, local-only reachability and the last tasks', async () => {
    await snapshotWhere((s) => s.backend.status === 'healthy' && s.backend.models.length === MODELS.length);
    await postChatTask();
    await postChatTask();
    const snap = await snapshotWhere((s) => s.today.jobs === 2 && s.requests.recent.length === 2);
    expect(snap.node.nodeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(snap.directory.link).toBe('not_configured');
    expect(inEnglish(snap.directory.message)).toBeTruthy();
    expect(snap.reachability.status).toBe('local_only');

    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      // It serves this computer only: the sentence says so first, with the way to the Network page.
      await expect
        .poll(() => page.getByTestId('node-state').textContent(), { timeout: 15_000 })
        .toBe('Not reachable from the internet — see Network');

      // Under the title, the node's name, and no region while none was chosen: "unknown" is a placeholder, not a fact.
      expect(await page.locator('main header p').first().textContent()).toBe('My IICP node');
      // When the figures last changed, on the browser's clock, without the engine's report counter.
      expect(await page.getByTestId('snapshot-version').textContent()).toMatch(
        /^Updated \d{1,2}:\d\d( [AP]M)? · headless host, version \S+$/,
      );

      // Node id: shortened on screen, the full value in the tooltip.
      const nodeId = page.getByTestId('node-id');
      expect(await nodeId.getAttribute('title')).toBe(snap.node.nodeId);
      const shown = (await nodeId.textContent())!;
      expect(shown.length).toBeLessThan(snap.node.nodeId!.length);
      expect(snap.node.nodeId!.startsWith(shown.split('…')[0]!)).toBe(true);

      // The local LLM server: kind, address and both models.
      const backendStatus = page.getByTestId('backend-status');
      await expect.poll(() => backendStatus.textContent()).toContain('Ollama');
      const backendText = (await backendStatus.textContent())!;
      expect(backendText).toContain(node.backend.url);
      for (const m of MODELS) expect(backendText).toContain(m);

      // Not registered, and why, in the engine's own words.
      const directory = page.getByTestId('directory-link');
      expect(await directory.getAttribute('data-status')).toBe('not_configured');
      const directoryText = (await directory.textContent())!;
      expect(directoryText).toMatch(/not registered/i);
      // The reason is the engine's message (a leading "Not registered:" is not repeated next to the badge).
      const reason = inEnglish(snap.directory.message)!.replace(/^not registered:\s*/i, '');
      expect(reason.length).toBeGreaterThan(10);
      expect(directoryText.toLowerCase()).toContain(reason.toLowerCase());

      const reach = page.getByTestId('reachability-status');
      expect(await reach.textContent()).toMatch(/local only/i);
      expect(await reach.textContent()).toContain(english.said(snap.reachability.message!));

      // Workload and today's count.
      expect(await page.getByTestId('capacity').textContent()).toMatch(/0 of 2 slots busy/);
      expect((await page.getByTestId('today-jobs').textContent())!.trim()).toBe('2');

      // The latest requests, newest first (the requests feed replaced the list of served tasks on the dashboard).
      const rows = page.getByTestId('requests-table').getByTestId('request-row');
      await expect.poll(() => rows.count()).toBe(2);
      for (let i = 0; i < 2; i++) {
        const row = rows.nth(i);
        expect(await row.getAttribute('data-outcome')).toBe('served');
        expect(await row.getAttribute('data-id')).toBe(String(snap.requests.recent[i]!.id));
        const text = (await row.textContent())!;
        expect(text).toContain('chat');
        expect(text).toContain('qwen2.5:7b');
        expect(text).toMatch(/\d ms/);
      }

      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-node.png') });
      await page.getByTestId('requests-table').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-node-tasks.png') });

      // The dark theme follows the system while the preference is "system".
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
      await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-node-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      // "Copy" puts the full id on the clipboard.
      await page
        .context()
        .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(node.host.url).origin });
      await page.getByRole('button', { name: 'Copy node ID' }).click();
      await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(snap.node.nodeId);

      // Live: a task served while the page is open shows up without a reload.
      await postChatTask();
      await expect.poll(() => rows.count()).toBe(3);
      await expect.poll(() => page.getByTestId('today-jobs').textContent()).toBe('3');
    } finally {
      await page.close();
    }
  });

  it('settings: host validation errors show at the field, a saved region survives a reload, removal takes a confirm step', async () => {
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const region = page.getByLabel('Region', { exact: true });
      await expect.poll(() => region.inputValue(), { timeout: 15_000 }).toBe('unknown');
      expect(await page.getByLabel('Local LLM server', { exact: true }).inputValue()).toBe(node.backend.url);
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'settings.png') });

      // The LLM server is fixed for this run (IICP_BACKEND_URL): read-only, with the note tied to it.
      const backendField = page.getByLabel('Local LLM server', { exact: true });
      await expect.poll(() => backendField.getAttribute('readonly')).not.toBeNull();
      expect(await backendField.isEditable()).toBe(false);
      const backendNoteId = (await backendField.getAttribute('aria-describedby'))!
        .split(' ')
        .find((id) => id.endsWith('-fixed'));
      expect(backendNoteId).toBeTruthy();
      expect(await page.locator(`[id="${backendNoteId}"]`).textContent()).toBe(
        "Set for this run by the host's command line or environment.",
      );

      // A directory address that is not http(s): refused at the field (by the contract's schema), nothing is saved.
      const directoryField = page.getByLabel('Directory URL', { exact: true });
      const directoryBefore = await directoryField.inputValue();
      await directoryField.fill('ftp://directory.example.net');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => directoryField.getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('button', { name: 'Undo changes' }).click();
      expect(await directoryField.inputValue()).toBe(directoryBefore);
      expect(await backendField.inputValue()).toBe(node.backend.url);

      await region.fill('eu-west');
      // The model picker: unticked models are kept private.
      const embedOffer = page
        .locator('[data-testid="model-row"][data-model="nomic-embed-text"]')
        .getByTestId('model-offer');
      await embedOffer.uncheck();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
      const stored = await node.client.call('getSettings');
      expect(stored).toMatchObject({
        ok: true,
        value: { region: 'eu-west', excludedModels: ['nomic-embed-text'] } satisfies Partial<Settings>,
      });

      await page.reload();
      const regionAfter = page.getByLabel('Region', { exact: true });
      await expect.poll(() => regionAfter.inputValue(), { timeout: 15_000 }).toBe('eu-west');
      expect(
        await page
          .locator('[data-testid="model-row"][data-model="nomic-embed-text"]')
          .getByTestId('model-offer')
          .isChecked(),
      ).toBe(false);
      // A region chosen is shown under the Dashboard's title.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await expect
        .poll(() => page.locator('main header p').first().textContent())
        .toBe('My IICP node · region eu-west');
      await page.getByRole('link', { name: 'Settings', exact: true }).click();

      // Removing: the first click only asks; Cancel backs out; the second step calls the engine.
      const zone = page.getByTestId('remove-node');
      await zone.getByRole('button', { name: /remove this node from the network/i }).click();
      const confirm = zone.getByRole('group', { name: /remove this node from the network\?/i });
      expect(await confirm.isVisible()).toBe(true);
      await confirm.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'settings-remove-confirm.png') });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await confirm.count()).toBe(0);
      expect(await page.getByTestId('remove-node-result').count()).toBe(0);

      await zone.getByRole('button', { name: /remove this node from the network/i }).click();
      await zone.getByRole('button', { name: /yes, remove it/i }).click();
      const result = page.getByTestId('remove-node-result');
      // This node never registered, so the engine says so and nothing is removed.
      await expect.poll(() => result.textContent()).toMatch(/not registered/i);
      expect(await result.getAttribute('data-removed')).toBe('false');
    } finally {
      await page.close();
    }
  });
});

/**
 * The Settings form of a real node (the built headless host, a fake Ollama, the directory stand-in with a few nodes
 * in it), in Chromium at 900×600: every problem of the form found in one pass and said in people's words, with the
 * focus on the first; the one model picker with each model's kind; the region chosen from the regions the directory's
 * nodes use or typed; what is typed kept when another card is saved or the page is left, and the index of the long
 * page; and what the form says when the LLM server or the directory cannot be reached.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, NodeSnapshot, Settings } from '@shared/contract';
import { HEADLESS_UPDATES } from '@shared/contract/updates';
import { english } from '@shared/i18n/say';
import { artifactPath, overflowingElements } from '../support/browser';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { call } from '../support/json-call';

const MODELS = ['qwen2.5:7b', 'nomic-embed-text', 'llava:7b'];
/** Zod's own phrases and the old form's, which must never reach a person. */
const VALIDATOR_WORDING = /Too small|Too big|expected|Invalid input|Enter a whole number/;

let node: E2eNode;
let directory: TestDirectory;

beforeAll(async () => {
  node = await startE2eNode({ dataPrefix: 'iicp-e2e-settings-', backend: { flavour: 'ollama', models: MODELS } });
  // Not through the environment: that would fix the directory for the run, and the form must be free to change it.
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  await node.callOk('updateSettings', { directoryUrl: directory.url });
  // Before any page asks: the host keeps the directory's answer for ten minutes.
  await registerNodes(['eu-west', 'us-east', 'eu-west', 'unknown']);
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
  await directory?.close();
});

async function openSettings(page: Page): Promise<void> {
  await page.goto(node.host.url);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect
    .poll(() => page.getByLabel('Display name', { exact: true }).inputValue(), { timeout: 15_000 })
    .not.toBe('');
}

const activeId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

/** The element's box lies inside the 600 px high window. */
async function inView(page: Page, id: string): Promise<boolean> {
  const box = await page.locator(`[id="${id}"]`).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 600;
}

/** Nodes in the stand-in directory, as other providers would register them. */
async function registerNodes(regions: string[]): Promise<void> {
  for (const [i, region] of regions.entries()) {
    const r = await call(`${directory.url}/v1/register`, 'POST', {
      body: {
        endpoint: `http://127.0.0.1:${20_000 + i}`,
        region,
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['llama3.1:8b'], max_tokens: 8192 }],
        limits: { max_concurrent: 2, tokens_per_min: 10_000 },
        exposure_mode: 'ipv4_public_direct',
      },
    });
    expect(r.status, r.text).toBe(201);
  }
}

describe('settings form (Chromium, 900×600)', () => {
  it('finds every problem in one pass, says each in people’s words, lists them on top and moves to the first', async () => {
    const before = await node.callOk<Settings>('getSettings');
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const tasks = page.getByLabel('Tasks at once', { exact: true });
      const port = page.getByLabel('Task port', { exact: true });
      await tasks.fill('-3');
      await port.fill('80');
      await page.getByRole('button', { name: 'Save changes' }).click();

      // Both at once, in words, at their fields and in the list above the form.
      const summary = page.getByTestId('form-problems');
      await summary.waitFor();
      expect(await summary.locator('li').allTextContents()).toEqual([
        'Task port: Use a port between 1024 and 65535.',
        'Tasks at once: Tasks at once must be a whole number from 1 to 64.',
      ]);
      expect(await port.getAttribute('aria-invalid')).toBe('true');
      expect(await tasks.getAttribute('aria-invalid')).toBe('true');
      const form = page.getByRole('form', { name: 'Node settings' });
      expect(await form.textContent()).not.toMatch(VALIDATOR_WORDING);
      // The field's own error is read with it.
      const portError = (await port.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
      expect(await page.locator(`[id="${portError}"]`).textContent()).toBe('Use a port between 1024 and 65535.');

      // Focus is on the first problem (the port comes before tasks at once on the page), and it is in view.
      await expect.poll(() => activeId(page)).toBe('settings-taskPort');
      expect(await inView(page, 'settings-taskPort')).toBe(true);
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({
        taskPort: before.taskPort,
        maxConcurrent: before.maxConcurrent,
      });
      expect(await overflowingElements(page)).toEqual([]);
      await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
      await page.screenshot({ path: artifactPath('e2e', 'settings-validation.png') });

      // Each entry of the list moves to its field.
      await summary.getByRole('link', { name: 'Tasks at once' }).click();
      await expect.poll(() => activeId(page)).toBe('settings-maxConcurrent');
      expect(await inView(page, 'settings-maxConcurrent')).toBe(true);
      await page.screenshot({ path: artifactPath('e2e', 'settings-validation-field.png') });

      // The dark theme shows the same.
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
      await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
      await page.screenshot({ path: artifactPath('e2e', 'settings-validation-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      // Fixing a field clears its problem; fixing both lets the form save.
      await tasks.fill('3');
      expect(await summary.locator('li').allTextContents()).toEqual(['Task port: Use a port between 1024 and 65535.']);
      await port.fill(String(before.taskPort));
      expect(await summary.count()).toBe(0);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
      expect((await node.callOk<Settings>('getSettings')).maxConcurrent).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('offers the server’s models with their kinds, and only chat models as the default', async () => {
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const note = page.getByTestId('model-list-note');
      await expect.poll(() => note.getAttribute('data-status'), { timeout: 15_000 }).toBe('current');
      const row = (m: string) => page.locator(`[data-testid="model-row"][data-model="${m}"]`);
      for (const m of MODELS) expect(await row(m).getByTestId('model-offer').isChecked()).toBe(true);
      expect(await row('nomic-embed-text').textContent()).toContain('embedding');
      expect(await row('llava:7b').textContent()).toContain('image input');
      expect(await row('qwen2.5:7b').textContent()).toContain('chat');

      const defaults = () =>
        page
          .getByTestId('default-model')
          .locator('option')
          .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(await defaults()).toEqual(['', 'qwen2.5:7b', 'llava:7b']);
      // A model kept private cannot be the default either.
      await row('llava:7b').getByTestId('model-offer').uncheck();
      expect(await defaults()).toEqual(['', 'qwen2.5:7b']);
      await page.getByTestId('default-model').selectOption('qwen2.5:7b');
      expect(await overflowingElements(page)).toEqual([]);
      await page.getByTestId('model-picker').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'settings-models.png') });

      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({
        excludedModels: ['llava:7b'],
        defaultModel: 'qwen2.5:7b',
      });
    } finally {
      await page.close();
    }
  });

  it('suggests the regions the directory’s nodes use, checks a typed one by the directory’s rule, and works without the directory', async () => {
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const region = page.getByLabel('Region', { exact: true });
      const suggestions = page.getByTestId('region-suggestions');
      await expect.poll(() => suggestions.getAttribute('data-status'), { timeout: 15_000 }).toBe('ready');
      const chips = suggestions.getByTestId('region-suggestion');
      expect(
        await chips.evaluateAll((cs) =>
          cs.map((c) => (c as unknown as { dataset: { region: string } }).dataset.region),
        ),
      ).toEqual(['eu-west', 'us-east']);
      // The field's own list of suggestions holds them too.
      expect(
        await page
          .locator(`datalist[id="${await region.getAttribute('list')}"] option`)
          .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value)),
      ).toEqual(['eu-west', 'us-east']);

      // A region of one's own is checked by the directory's rule.
      await region.fill('eu west');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect
        .poll(() => page.getByTestId('form-problems').locator('li').allTextContents())
        .toEqual(['Region: A region starts with a letter and uses only letters, digits, - and _.']);
      await expect.poll(() => activeId(page)).toBe('settings-region');
      // Picking a suggestion fills it in.
      await suggestions.locator('[data-region="us-east"]').click();
      expect(await region.inputValue()).toBe('us-east');
      expect(await suggestions.locator('[data-region="us-east"]').getAttribute('aria-pressed')).toBe('true');
      expect(await overflowingElements(page)).toEqual([]);
      await region.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'settings-region.png') });
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
      expect((await node.callOk<Settings>('getSettings')).region).toBe('us-east');
    } finally {
      await page.close();
    }

    // A directory that cannot be reached: nothing suggested, said why, and a typed region still saves.
    const before = await node.callOk<Settings>('getSettings');
    await node.callOk('updateSettings', { directoryUrl: `http://127.0.0.1:${await freePort()}/api` });
    const offline = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'dark' });
    try {
      await openSettings(offline);
      const suggestions = offline.getByTestId('region-suggestions');
      await expect.poll(() => suggestions.getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
      expect(await suggestions.textContent()).toMatch(/could not be reached.*Type your own region/);
      expect(await suggestions.getByTestId('region-suggestion').count()).toBe(0);
      const region = offline.getByLabel('Region', { exact: true });
      await region.fill('ap-south');
      await region.scrollIntoViewIfNeeded();
      await offline.screenshot({ path: artifactPath('e2e', 'settings-region-offline-dark.png') });
      await offline.getByRole('button', { name: 'Save changes' }).click();
      await expect.poll(() => offline.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
      expect((await node.callOk<Settings>('getSettings')).region).toBe('ap-south');
    } finally {
      await offline.close();
      await node.callOk('updateSettings', { directoryUrl: before.directoryUrl });
    }
  });

  it('Updates: shows the running version and why the headless host does not update itself, with no switch or button to press', async () => {
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const info = await node.callOk<AppInfo>('getAppInfo');
      const card = page.getByTestId('updates');
      await card.scrollIntoViewIfNeeded();
      await expect.poll(() => card.getByTestId('update-reason').textContent()).toBe(english.said(HEADLESS_UPDATES));
      expect(await card.getAttribute('data-supported')).toBe('false');
      expect(await card.getByTestId('update-version').textContent()).toBe(info.appVersion);
      // Nothing offered that the host would refuse.
      for (const id of ['update-auto-check', 'update-check', 'update-install', 'update-state'])
        expect(await card.getByTestId(id).count(), id).toBe(0);
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'settings-updates-headless.png') });
    } finally {
      await page.close();
    }
  });

  it('Updates: a snapshot the dashboard asks for says the same as the ones the host pushes', async () => {
    // The page applies snapshots from command answers too (getSnapshot on connect, pause, resume…).
    const info = await node.callOk<AppInfo>('getAppInfo');
    const snapshot = await node.callOk<NodeSnapshot>('getSnapshot');
    expect(snapshot.update).toMatchObject({
      supported: false,
      reason: HEADLESS_UPDATES,
      currentVersion: info.appVersion,
    });
  });

  it('keeps what is typed in one card when another is saved, and when the page is left and opened again', async () => {
    const before = await node.callOk<Settings>('getSettings');
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const name = page.getByLabel('Display name', { exact: true });
      await name.fill('Study PC');
      // Another card, saved with its own button: the node hears of the price, not of the name.
      await page.getByTestId('energy-price').fill('0.3');
      await page.getByTestId('owner-save').click();
      await expect.poll(() => page.getByTestId('owner-save-status').textContent()).toBe('Saved.');
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({
        displayName: before.displayName,
        energy: { pricePerKwh: 0.3 },
      });
      expect(await name.inputValue()).toBe('Study PC');

      // Away to the Dashboard and back: the draft is still there, and said so beside Save and Undo and in the index.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await expect.poll(() => name.inputValue(), { timeout: 15_000 }).toBe('Study PC');
      const form = page.getByRole('form', { name: 'Node settings' });
      expect(await form.getByText('Unsaved changes').count()).toBe(1);
      const index = page.getByRole('navigation', { name: 'Settings on this page' });
      expect(await index.getByText('Unsaved changes').count()).toBe(1);
      expect(await overflowingElements(page)).toEqual([]);
      await page.screenshot({ path: artifactPath('e2e', 'settings-draft-kept.png') });

      // The index leads to a section far down the long page: in view, its heading focused.
      await index.getByRole('link', { name: 'Danger zone' }).click();
      await expect.poll(() => page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe('Danger zone');
      expect(await inView(page, 'settings-section-danger')).toBe(true);

      // Undo ends the draft; nothing of it reached the node.
      await form.getByRole('button', { name: 'Undo changes' }).click();
      expect(await name.inputValue()).toBe(before.displayName);
      expect(await index.getByText('Unsaved changes').count()).toBe(0);
      expect((await node.callOk<Settings>('getSettings')).displayName).toBe(before.displayName);
    } finally {
      await page.close();
      await node.callOk('updateSettings', { energy: before.energy });
    }
  });

  it('still shows the saved model choices when the LLM server cannot be reached, and says why the list may be incomplete', async () => {
    await node.backend.close();
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await openSettings(page);
      const note = page.getByTestId('model-list-note');
      await expect.poll(() => note.getAttribute('data-status'), { timeout: 15_000 }).toBe('incomplete');
      expect(await note.textContent()).toMatch(/not responding.*Your saved choices are shown/);
      const row = (m: string) => page.locator(`[data-testid="model-row"][data-model="${m}"]`);
      expect(await row('llava:7b').getByTestId('model-offer').isChecked()).toBe(false);
      expect(await row('qwen2.5:7b').getByTestId('model-offer').isChecked()).toBe(true);
      expect(await page.getByTestId('default-model').inputValue()).toBe('qwen2.5:7b');
      expect(await overflowingElements(page)).toEqual([]);
      await page.getByTestId('model-picker').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'settings-models-offline.png') });
    } finally {
      await page.close();
    }
  });
});

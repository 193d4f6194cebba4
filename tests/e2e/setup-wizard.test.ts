/**
 * The first-run setup wizard, end to end: a fresh data folder, a fake Ollama on a port the search does not
 * try, and the built headless host started WITHOUT a backend URL, so only the wizard can connect the two.
 * The page (Chromium, 900×600) must open the wizard by itself, find nothing on the usual ports (or at least
 * not the fake), find the fake once its address is added, and start a node that offers exactly the models
 * ticked, with the tasks-at-once chosen. The engine's stored settings and setup flag are checked over a
 * second bridge client, and a reload must then land on the dashboard. The network step checks the directory: the
 * directory stand-in answers; a dead address is said to be dead, in words, before "Start".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, NodeSnapshot, Settings } from '@shared/contract';
import { startFakeBackend } from '../support/backends';
import { artifactPath, overflowingElements } from '../support/browser';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';

const MODELS = ['qwen2.5:7b', 'nomic-embed-text', 'llava:7b'];

let node: E2eNode;
let directory: TestDirectory;

const overflowing = overflowingElements;

/** The wizard's Back/Next bar must be on screen (it sticks to the bottom of the scrolling column). */
async function navInView(page: Page): Promise<boolean> {
  const box = await page.getByTestId('wizard-nav').boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 600 + 0.5;
}

async function checkLayout(page: Page): Promise<void> {
  expect(await overflowing(page)).toEqual([]);
  expect(await navInView(page)).toBe(true);
}

/** How many times the node logged "Settings changed" (a burst is counted on one row). */
async function settingsWrites(): Promise<number> {
  const events = await node.callOk<EngineEvent[]>('listEvents', { limit: 500 });
  return events.filter((e) => e.event === 'settings_changed').reduce((n, e) => n + (e.count ?? 1), 0);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
  await page.screenshot({ path: artifactPath('e2e', name) });
}

beforeAll(async () => {
  // No IICP_BACKEND_URL and setup not done: connecting the server is the wizard's job.
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-wizard-',
    backend: { flavour: 'ollama', models: MODELS },
    backendUrl: false,
    completeSetup: false,
  });
  // A directory the person may change in the wizard (an environment variable would fix it for the run).
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  await node.callOk('updateSettings', { directoryUrl: directory.url });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
  await directory?.close();
});

describe('setup wizard (Chromium, 900×600)', () => {
  it('opens on first run, finds the added Ollama, and starts a node with the chosen models and capacity', async () => {
    const before = await node.callOk<NodeSnapshot>('getSnapshot');
    expect(before.setup).toEqual({ completed: false, startAtLogin: null });
    expect(before.backend.status).toBe('not_configured');
    // Nothing the wizard is told is saved before "Start my node", as its last step says.
    const storedBefore = await node.callOk<Settings>('getSettings');
    const writesBefore = await settingsWrites();

    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);

      // Step 1: the wizard opened by itself and searched.
      const step1 = page.getByTestId('wizard-step-1');
      await step1.waitFor({ timeout: 15_000 });
      expect(page.url()).toMatch(/#\/setup$/);
      const stepper = page.getByTestId('wizard-stepper');
      expect(await stepper.locator('[aria-current="step"]').textContent()).toContain('Find your LLM server');
      // Every step is named for what it does.
      expect(await stepper.locator('li').allTextContents()).toEqual([
        expect.stringContaining('Find your LLM server'),
        expect.stringContaining('Choose models'),
        expect.stringContaining('Network'),
        expect.stringContaining('How much to share'),
        expect.stringContaining('Start with your computer'),
        expect.stringContaining('Operator identity'),
        expect.stringContaining('Start'),
      ]);
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
      const fake = page.locator(`[data-testid="detect-candidate"][data-url="${node.backend.url}"]`);
      expect(await fake.count()).toBe(0);
      // Whatever runs on this machine's usual ports, the "add an address" form is always there.
      for (const id of ['add-server-url', 'add-server-key', 'add-server-submit'])
        expect(await page.getByTestId(id).isVisible()).toBe(true);
      if ((await page.getByTestId('detect-candidate').count()) === 0) {
        const text = (await step1.textContent())!;
        expect(text).toContain('ollama serve');
        expect(text).toContain('Start server (port 1234)');
        expect(text).toContain('llama-server -m model.gguf --port 8080');
        expect(text).toContain('vllm serve <model>');
        // Next says why it cannot be used yet.
        expect(await page.getByTestId('wizard-next').getAttribute('aria-disabled')).toBe('true');
      }
      await checkLayout(page);
      await shot(page, 'wizard-1-detect.png');

      // A typo first: the page says so at the field and does not search.
      await page.getByTestId('add-server-url').fill('http://');
      await page.getByTestId('add-server-submit').click();
      expect(await page.getByTestId('add-server-url').getAttribute('aria-invalid')).toBe('true');

      // Add the fake's address (typed without http:// and with /v1, as people do): the Ollama card appears with its 3
      // models.
      await page.getByTestId('add-server-url').fill(`${node.backend.url.replace(/^http:\/\//, '')}/v1`);
      await page.getByTestId('add-server-submit').click();
      await fake.waitFor({ timeout: 15_000 });
      await expect.poll(() => step1.getAttribute('data-detection')).toBe('done');
      expect(await fake.getAttribute('data-flavour')).toBe('ollama');
      const cardText = (await fake.textContent())!;
      expect(cardText).toContain('Ollama');
      expect(cardText).toContain('3 models');
      expect(cardText).toContain(node.backend.url);
      await fake.click();
      expect(await fake.getAttribute('data-selected')).toBe('true');
      expect(await fake.getByRole('radio').isChecked()).toBe(true);
      expect(await page.getByTestId('wizard-next').getAttribute('aria-disabled')).toBeNull();
      await checkLayout(page);
      await fake.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'wizard-1-found.png') });

      // Step 2: the model picker: models, chat first, with what each is; untick llava, default qwen.
      await page.getByTestId('wizard-next').click();
      const step2 = page.getByTestId('wizard-step-2');
      await step2.waitFor();
      // The new step's heading has focus (screen readers hear the step change).
      expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe(
        'Choose the models to offer',
      );
      const rows = step2.getByTestId('model-row');
      expect(await rows.count()).toBe(3);
      const order: (string | null)[] = [];
      for (let i = 0; i < 3; i++) order.push(await rows.nth(i).getAttribute('data-model'));
      expect(order).toEqual(['qwen2.5:7b', 'llava:7b', 'nomic-embed-text']);
      const row = (m: string) => step2.locator(`[data-testid="model-row"][data-model="${m}"]`);
      expect(await row('nomic-embed-text').textContent()).toContain('embedding');
      expect(await row('llava:7b').textContent()).toContain('image');
      expect(await row('qwen2.5:7b').textContent()).toContain('chat');
      for (const m of MODELS) expect(await row(m).getByTestId('model-offer').isChecked()).toBe(true);

      // Unticking everything blocks Next, with a reason.
      for (const m of MODELS) await row(m).getByTestId('model-offer').uncheck();
      expect(await page.getByTestId('wizard-next').getAttribute('aria-disabled')).toBe('true');
      expect(await page.getByTestId('wizard-nav').textContent()).toMatch(/at least one model/i);
      await row('qwen2.5:7b').getByTestId('model-offer').check();
      await row('nomic-embed-text').getByTestId('model-offer').check();
      expect(await row('llava:7b').getByTestId('model-offer').isChecked()).toBe(false);
      // Only offered chat models can be the default: the embedding model is offered, but never as the default.
      const options = await page
        .getByTestId('default-model')
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      expect(options).toEqual(['', 'qwen2.5:7b']);
      expect(await page.getByTestId('default-model').inputValue()).toBe('qwen2.5:7b');
      await page.getByTestId('default-model').selectOption('qwen2.5:7b');
      expect(await page.getByTestId('wizard-next').getAttribute('aria-disabled')).toBeNull();
      await checkLayout(page);
      await shot(page, 'wizard-2-models.png');

      // The same step in the dark theme.
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
      await shot(page, 'wizard-2-models-dark.png');
      await page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe('light');

      // Step 3: the network check, from the snapshot and settings; no public URL given.
      await page.getByTestId('wizard-next').click();
      const step3 = page.getByTestId('wizard-step-3');
      await step3.waitFor();
      expect(await step3.getByTestId('wizard-reachability').getAttribute('data-status')).toBe('local_only');
      // The port the node really listens on (the test lets the OS pick it), not merely the setting.
      const boundPort = (await node.callOk<NodeSnapshot>('getSnapshot')).reachability.taskPort;
      expect(boundPort).toBeGreaterThan(0);
      const step3Text = (await step3.textContent())!;
      expect(step3Text).toContain(`TCP port ${boundPort}`);
      // Without a public URL the relay, on by default, is the way in the hint names.
      expect(step3Text).toMatch(/reached through a relay \(on by default\), so it can still register/);
      expect(step3Text).toContain('It is saved when you start your node.');
      // The host runs with --port-mapping off (IICP_PORT_MAPPING=off): no promise of the router's help.
      expect(step3Text).not.toMatch(/asks it to open the port/);
      expect(await step3.getByTestId('wizard-port-mapping').textContent()).toBe(
        "Router port mapping is switched off for this run by the host's command line or environment, so the node does not ask your router to open the port.",
      );
      expect(await page.getByTestId('public-endpoint').inputValue()).toBe('');
      // The directory was checked as the step opened: the stand-in answers.
      const dirCheck = step3.getByTestId('wizard-directory');
      await expect.poll(() => dirCheck.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
      expect(await step3.getByTestId('wizard-directory-words').textContent()).toMatch(
        /^The directory answered in \d+ ms\.$/,
      );
      expect(await step3.getByTestId('wizard-directory-outcome').count()).toBe(0);
      await checkLayout(page);
      await shot(page, 'wizard-3-network.png');
      await dirCheck.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'wizard-3-directory-ok.png') });

      // Step 4: tasks at once; a value out of range is refused at the field.
      await page.getByTestId('wizard-next').click();
      const step4 = page.getByTestId('wizard-step-4');
      await step4.waitFor();
      const tasks = page.getByTestId('max-concurrent');
      expect(await tasks.inputValue()).toBe('2');
      await tasks.fill('65');
      await page.getByTestId('wizard-next').click();
      await expect.poll(() => tasks.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('wizard-step-4').count()).toBe(1);
      await tasks.fill('3');
      // Where hours and price are set, without claiming those pages are still to come.
      const terms = (await step4.getByTestId('wizard-share-terms').textContent())!;
      expect(terms).toContain('It charges 1\u00a0× the network’s base rate.');
      expect(terms).toMatch(/works whenever it is switched on/);
      expect(await step4.textContent()).not.toMatch(/as they arrive|until then/i);
      expect(await step4.getByTestId('wizard-title').textContent()).toBe('How much to share');
      await checkLayout(page);
      await shot(page, 'wizard-4-availability.png');

      // Step 5: start at login stays off; headless says it does not apply. Reached with the keyboard this time.
      await page.getByTestId('wizard-next').focus();
      await page.keyboard.press('Enter');
      const step5 = page.getByTestId('wizard-step-5');
      await step5.waitFor();
      // Kept in the wizard's draft: "Start my node" saves it.
      expect((await node.callOk<Settings>('getSettings')).maxConcurrent).toBe(storedBefore.maxConcurrent);
      const login = page.getByTestId('start-at-login');
      expect(await login.isChecked()).toBe(false);
      expect(await step5.textContent()).toMatch(/does not apply/i);
      // Headless, the way to start with the computer is the host's service install.
      expect(await step5.getByTestId('wizard-login-service').textContent()).toContain(
        'npm run headless -- --install-service',
      );
      expect(await step5.getByTestId('wizard-title').textContent()).toBe('Start with your computer');
      await checkLayout(page);
      await shot(page, 'wizard-5-login.png');

      // Step 6: the operator identity; this computer skips it for now (tests/e2e/operator-identity covers the rest).
      await page.getByTestId('wizard-next').click();
      const identityStep = page.getByTestId('wizard-step-6');
      await identityStep.waitFor();
      await identityStep.getByLabel('Skip for now').check();
      await checkLayout(page);

      // Step 7: the summary, then start.
      await page.getByTestId('wizard-next').click();
      const step6 = page.getByTestId('wizard-step-7');
      await step6.waitFor();
      expect(await page.getByTestId('wizard-next').count()).toBe(0);
      const summary = (await page.getByTestId('wizard-summary').textContent())!;
      expect(summary).toContain('Ollama');
      expect(summary).toContain(node.backend.url);
      expect(summary).toContain('qwen2.5:7b, nomic-embed-text');
      expect(summary).not.toContain('llava');
      expect(summary).toMatch(/None: your node looks for a way in by itself, through a relay when nothing else works/);
      expect(summary).toMatch(/Tasks at once\s*3/);
      expect(summary).toMatch(/Default chat model\s*qwen2\.5:7b/);
      expect(summary).toMatch(/Start with your computer\s*Does not apply/);
      expect(summary).toMatch(/Directory\s*The directory answered in \d+ ms/);
      expect(await page.getByTestId('wizard-start-directory-down').count()).toBe(0);
      await checkLayout(page);
      await shot(page, 'wizard-6-start.png');

      // Nothing was chosen or saved before "Start my node": no "Settings changed" since the wizard opened.
      expect(await node.callOk<Settings>('getSettings')).toEqual(storedBefore);
      expect(storedBefore.backendUrl).toBeNull();
      expect(await settingsWrites()).toBe(writesBefore);
      await page.getByTestId('wizard-start').click();

      // The dashboard: the node runs the fake Ollama with the two offered models, 3 slots. It has no way in from the
      // internet on this machine (no public address, no router), and the status sentence says so rather than "online".
      await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/#\/dashboard$/);
      await expect
        .poll(async () => (await node.callOk<NodeSnapshot>('getSnapshot')).state, { timeout: 15_000 })
        .toBe('online');
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      await expect
        .poll(() => page.getByTestId('node-state').textContent(), { timeout: 15_000 })
        .toBe('Not reachable from the internet — see Network');
      const backendStatus = page.getByTestId('backend-status');
      await expect.poll(() => backendStatus.getAttribute('data-flavour'), { timeout: 15_000 }).toBe('ollama');
      await expect.poll(() => backendStatus.getAttribute('data-status'), { timeout: 15_000 }).toBe('healthy');
      await expect
        .poll(
          async () =>
            (await backendStatus.getByRole('list', { name: 'Models' }).locator('li').allTextContents()).sort(),
          { timeout: 15_000 },
        )
        .toEqual(['nomic-embed-text', 'qwen2.5:7b']);
      const backendText = (await backendStatus.textContent())!;
      expect(backendText).toContain('Ollama');
      expect(backendText).not.toContain('llava');
      expect(await page.getByTestId('capacity').textContent()).toMatch(/of 3 slots/);
      expect(await page.getByTestId('node-status').getAttribute('data-kind')).not.toBe('setup');
      expect(await overflowing(page)).toEqual([]);
      await shot(page, 'wizard-done-dashboard.png');

      // What the engine stored.
      const stored = await node.callOk<Settings>('getSettings');
      expect(stored).toMatchObject({
        backendUrl: node.backend.url,
        defaultModel: 'qwen2.5:7b',
        excludedModels: ['llava:7b'],
        maxConcurrent: 3,
        publicEndpoint: null,
      });
      const after = await node.callOk<NodeSnapshot>('getSnapshot');
      expect(after.setup).toEqual({ completed: true, startAtLogin: false });
      expect(after.available).toBe(true);
      expect(after.state).toBe('online');
      expect([...after.backend.models].sort()).toEqual(['nomic-embed-text', 'qwen2.5:7b']);
      expect(after.capacity.maxConcurrent).toBe(3);

      // A reload shows the dashboard, not the wizard; so does opening the app afresh at its start.
      await page.reload();
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('wizard-step-1').count()).toBe(0);
      await page.goto(`http://127.0.0.1:${node.host.port}/`);
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      expect(page.url()).not.toContain('#/setup');
    } finally {
      await page.close();
    }
  });

  it('runs again from Settings with the stored choices filled in', async () => {
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Run setup again' }).click();
      const step1 = page.getByTestId('wizard-step-1');
      await step1.waitFor();
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
      // The configured server is searched too, and comes preselected.
      const fake = page.locator(`[data-testid="detect-candidate"][data-url="${node.backend.url}"]`);
      expect(await fake.getAttribute('data-selected')).toBe('true');
      await page.getByTestId('wizard-next').click();
      const row = (m: string) => page.locator(`[data-testid="model-row"][data-model="${m}"]`);
      expect(await row('llava:7b').getByTestId('model-offer').isChecked()).toBe(false);
      expect(await row('qwen2.5:7b').getByTestId('model-offer').isChecked()).toBe(true);
      expect(await page.getByTestId('default-model').inputValue()).toBe('qwen2.5:7b');
      // Back keeps the search; the stepper goes back too.
      await page.getByTestId('wizard-back').click();
      await step1.waitFor();
      expect(await fake.getAttribute('data-selected')).toBe('true');
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-3').waitFor();
      await page
        .getByTestId('wizard-stepper')
        .getByRole('button', { name: /Choose models/ })
        .click();
      await page.getByTestId('wizard-step-2').waitFor();
    } finally {
      await page.close();
    }
  });

  it('asks for the API key of a server that needs one, and says plainly when an added address does not answer', async () => {
    const locked = await startFakeBackend({
      flavour: 'lmstudio',
      models: ['qwen2.5-7b-instruct'],
      apiKey: 'sk-local-123',
    });
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'dark' });
    try {
      await page.goto(node.host.url);
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Setup wizard' }).click();
      const step1 = page.getByTestId('wizard-step-1');
      await step1.waitFor();
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');

      // An address where nothing listens: no card, one plain line, removable.
      await page.getByTestId('add-server-url').fill(deadUrl);
      await page.getByTestId('add-server-submit').click();
      const dead = page.locator(`[data-testid="detect-problem"][data-url="${deadUrl}"]`);
      await dead.waitFor({ timeout: 15_000 });
      expect(await dead.textContent()).toMatch(/nothing answers/i);
      expect(await page.locator(`[data-testid="detect-candidate"][data-url="${deadUrl}"]`).count()).toBe(0);

      // A server behind a key: found, marked, with a key field; the right key brings its models.
      await page.getByTestId('add-server-url').fill(locked.url);
      await page.getByTestId('add-server-submit').click();
      const card = page.locator(`[data-testid="detect-candidate"][data-url="${locked.url}"]`);
      await card.waitFor({ timeout: 15_000 });
      await expect.poll(() => step1.getAttribute('data-detection')).toBe('done');
      expect(await card.getAttribute('data-flavour')).toBe('lmstudio');
      expect(await card.textContent()).toContain('needs an API key');
      expect(await card.textContent()).toContain('no models');
      // The newly added server is the one selected, and Next says what is missing.
      expect(await card.getAttribute('data-selected')).toBe('true');
      expect(await page.getByTestId('wizard-nav').textContent()).toMatch(/API key/);
      expect(await overflowing(page)).toEqual([]);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'wizard-1-apikey-dark.png') });

      await card.getByTestId('candidate-apikey').fill('sk-local-123');
      await card.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('1 model');
      expect(await card.textContent()).not.toContain('needs an API key');
      // The dead address is still listed until removed.
      await dead.getByRole('button', { name: /remove/i }).click();
      expect(await dead.count()).toBe(0);
      await page.getByTestId('wizard-next').click();
      expect(await page.locator('[data-testid="model-row"][data-model="qwen2.5-7b-instruct"]').count()).toBe(1);
      // Leaving the wizard changes nothing: the node keeps the server chosen before.
      expect(await node.callOk<Settings>('getSettings')).toMatchObject({ backendUrl: node.backend.url });
    } finally {
      await page.close();
      await locked.close();
    }
  });

  it('says in words, before Start, that a directory does not answer, and what starting anyway means', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}/api`;
    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Run setup again' }).click();
      const step1 = page.getByTestId('wizard-step-1');
      await expect.poll(() => step1.getAttribute('data-detection'), { timeout: 15_000 }).toBe('done');
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-2').waitFor();
      await page.getByTestId('wizard-next').click();
      const step3 = page.getByTestId('wizard-step-3');
      const dirCheck = step3.getByTestId('wizard-directory');
      await expect.poll(() => dirCheck.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');

      // Another directory, where nothing answers: checked on request, said in words, the code only under Details.
      await dirCheck.getByText('Use another directory').click();
      await page.getByTestId('directory-url').fill(deadUrl);
      await dirCheck.getByTestId('wizard-directory-check').click();
      await expect.poll(() => dirCheck.getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
      const words = (await dirCheck.getByTestId('wizard-directory-words').textContent())!;
      expect(words).toBe('Nothing answers at this address. Check the address, or try again later.');
      expect(await dirCheck.getByTestId('wizard-directory-outcome').textContent()).toMatch(
        /serve locally and keep trying/,
      );
      const details = dirCheck.locator('details').filter({ hasText: 'Details' });
      expect(await details.getAttribute('open')).toBeNull();
      expect(await details.textContent()).toContain('ECONNREFUSED');
      expect(await dirCheck.getByTestId('wizard-directory-words').isVisible()).toBe(true);
      expect(await overflowing(page)).toEqual([]);
      await dirCheck.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'wizard-3-directory-down.png') });

      // Next keeps the address for "Start my node" (nothing is saved yet); the last step says it again, before
      // "Start", which stays usable.
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-4').waitFor();
      expect((await node.callOk<Settings>('getSettings')).directoryUrl).toBe(directory.url);
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-5').waitFor();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-6').getByLabel('Skip for now').check();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-step-7').waitFor();
      const row = page.getByTestId('wizard-summary-directory');
      expect(await row.getAttribute('data-status')).toBe('failed');
      expect(await row.textContent()).toBe(words);
      const down = page.getByTestId('wizard-start-directory-down');
      expect(await down.textContent()).toMatch(/did not answer when checked.*serve locally and keep trying/);
      expect(await page.getByTestId('wizard-start').getAttribute('aria-disabled')).toBeNull();
      await checkLayout(page);
      await page.screenshot({ path: artifactPath('e2e', 'wizard-6-directory-down.png') });
    } finally {
      await page.close();
    }
  });
});

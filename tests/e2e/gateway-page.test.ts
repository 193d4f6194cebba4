/**
 * The "Use the network" page of a real node in Chromium: the built headless host (a fake Ollama behind it, registered
 * at the test directory on its own loopback task port, so it can pay for tasks) and one provider node of another
 * person in this process (its own fake Ollama serving a model the host does not have), at the same test directory.
 * At 1366×768 in the light theme, as a person would:
 *
 *  1. the switch turns the gateway on: the status says it listens, and the base URL is shown;
 *  2. a key named "e2e app" is made and shown once, dismissed, and listed; an app outside the browser lists the
 *     provider's model with it (GET /v1/models);
 *  3. the offer card lists the provider's model, with the time of the look;
 *  4. "Try it" asks that model a question through the gateway and shows the answer, quoted;
 *  5. today's spend is above 0 (a paid node: the gateway books the directory's ceiling until the charge is read) and
 *     the last requests show the answered one;
 *  6. the key is revoked after a question, and the app with it gets 401 `invalid_api_key`.
 * Before the key is revoked, the page with all of that on it, light and dark, at 1366×768 and 900×600: every card is
 * there, nothing sticks out sideways and every text reads at WCAG AA contrast against what it stands on.
 */
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type GatewayInfo, type NodeSnapshot } from '@shared/contract';
import { overflowingElements } from '../support/browser';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { engineBundleEntry } from '../support/engine-bundle';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startPublicNode, type NodeHarness } from '../support/node-harness';
import { fullShot } from '../support/page-layout';
import { LAPTOP, SMALL } from '../support/theme-shots';
import { COLOUR_MATH } from '../support/page-colours';

const OWN_MODEL = 'qwen2.5:7b';
const THEIR_MODEL = 'other-model:7b';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const KEY_NAME = 'e2e app';
/** The page's cards, top to bottom. */
const CARDS = [
  'Local gateway',
  'Which machines answer',
  'App keys',
  'Each app today',
  'What the network offers now',
  'Try it',
  'Today’s spend and budget',
  'Last requests',
];

let node: E2eNode;
let providerBackend: FakeBackend | undefined;
let provider: NodeHarness | undefined;

beforeAll(async () => {
  // The provider runs in this process: its engine threads load the suite's bundle rather than tsx-transformed source.
  process.env.IICP_THREAD_BUNDLE_DIR ??= dirname(engineBundleEntry());
  const taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-gateway-',
    backend: { flavour: 'ollama', models: [OWN_MODEL] },
    // Loopback endpoints allowed; heartbeats every second, so discovery lists a node soon after it registers.
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      // Any free port for the gateway: 9483 may be taken on the machine that runs the suite.
      IICP_GATEWAY_PORT: '0',
    },
  });
  providerBackend = await startFakeBackend({ flavour: 'ollama', models: [THEIR_MODEL] });
  provider = await startPublicNode({ directory: node.directory!.url, backend: providerBackend.url });
  // Both registered (the host pays from its node), and the directory's discovery lists the provider's model.
  await eventually(
    async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).directory.link).toBe('registered'),
    30_000,
  );
  await eventually(async () => {
    const res = await fetch(
      `${node.directory!.url}/v1/discover?intent=${encodeURIComponent(CHAT)}&model=${encodeURIComponent(THEIR_MODEL)}`,
    );
    const body = (await res.json()) as { nodes?: { node_id: string }[] };
    expect(body.nodes?.map((n) => n.node_id)).toEqual([provider!.node.getSnapshot().node.nodeId]);
  }, 30_000);
});

afterAll(async () => {
  await provider?.stop();
  await providerBackend?.close();
  expect(await node?.stop()).toBe(0);
});

/** GET /v1/models as an app outside the browser asks it: the status and the body. */
async function listModels(baseUrl: string, secret: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/models`, { headers: { Authorization: `Bearer ${secret}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const COLOURS = COLOUR_MATH;

/**
 * How many texts in the page's column were measured, and those that read below WCAG AA against what they stand on
 * (4.5:1, or 3:1 for large text): the backdrop is every background from the page down to the text laid over each
 * other, the ink its colour with every opacity on the way applied. Text read only by screen readers and controls that
 * say they cannot be used are left out (WCAG exempts inactive controls).
 */
const WEAK_TEXT = `(() => {
  ${COLOURS}
  const main = document.querySelector('main');
  const backdrop = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let bg = [255, 255, 255];
    for (const e of chain) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) bg = over(c, bg, c[3] * Number(getComputedStyle(e).opacity));
    }
    return bg;
  };
  const hidden = (el) => {
    for (let e = el; e && e !== main; e = e.parentElement) if (getComputedStyle(e).clipPath === 'inset(50%)') return true;
    return false;
  };
  const weak = [];
  let read = 0;
  for (const el of main.querySelectorAll('*')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join('').trim();
    if (text === '' || el.getClientRects().length === 0 || el.getBoundingClientRect().width === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || hidden(el) || el.closest('[aria-disabled="true"], :disabled')) continue;
    let alpha = parse(style.color)[3];
    for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
    read += 1;
    const bg = backdrop(el);
    const ratio = contrast(over(parse(style.color), bg, alpha), bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) weak.push(JSON.stringify(text.slice(0, 40)) + ' at ' + ratio.toFixed(2) + ':1');
  }
  return { read, weak };
})()`;

const textContrast = (page: Page) => page.evaluate<{ read: number; weak: string[] }>(WEAK_TEXT);

describe('Use the network page of a real node, with a provider of another person (Chromium)', () => {
  it('turns the gateway on, makes a key that works, tries a paid model, shows the spend, and revokes the key', async () => {
    const page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    try {
      // 1. Open the page from the sidebar and turn the gateway on with its switch.
      await page.goto(node.host.url);
      await page.getByRole('link', { name: 'Use the network', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Use the network' }).waitFor({ timeout: 15_000 });
      expect(page.url()).toMatch(/#\/gateway$/);
      const status = page.getByTestId('gateway-status');
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('off');
      const toggle = page.getByRole('switch', { name: 'Let apps on this computer use the network' });
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await toggle.click();
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('listening');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      const baseUrl = (await node.callOk<GatewayInfo>('getGateway')).baseUrl!;
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(await page.getByTestId('gateway-connect').textContent()).toContain(baseUrl);
      expect(await page.getByTestId('gateway-paste-lines').textContent()).toContain(`OPENAI_BASE_URL=${baseUrl}`);
      await page.getByRole('button', { name: 'Copy base URL' }).waitFor();
      await page.getByRole('button', { name: 'Copy two lines' }).waitFor();

      // 2. A key for an app: shown once, then listed without it.
      const makeKey = page.getByRole('form', { name: 'Make an app key' });
      await makeKey.getByRole('textbox', { name: 'Name of the new key' }).fill(KEY_NAME);
      await makeKey.getByRole('button', { name: 'Make a key' }).click();
      const newKey = page.getByRole('group', { name: /^Your new key/ });
      await newKey.waitFor({ timeout: 15_000 });
      expect(await newKey.getByRole('heading').textContent()).toContain(`“${KEY_NAME}”`);
      const secret = (await page.getByTestId('gateway-new-secret').textContent())!.trim();
      expect(secret).toMatch(/^iicp-\S+$/);
      await newKey.getByRole('button', { name: 'Copy key' }).waitFor();
      await newKey.getByRole('button', { name: 'I have copied it' }).click();
      await expect.poll(() => newKey.count()).toBe(0);
      const keyRows = page.getByTestId('gateway-key-table').locator('tbody tr[data-key-id]');
      await expect.poll(() => keyRows.count()).toBe(1);
      expect(await keyRows.first().textContent()).toContain(`“${KEY_NAME}”`);
      // Gone for good: the page no longer holds the key anywhere.
      expect(await page.locator('body').innerText()).not.toContain(secret);

      // The key works for an app outside the browser; the provider's model is listed once its heartbeat is seen.
      await expect
        .poll(async () => {
          const r = await listModels(baseUrl, secret);
          return r.status === 200 ? (r.body.data as { id: string }[]).map((m) => m.id).sort() : r;
        })
        .toEqual([OWN_MODEL, THEIR_MODEL].sort());

      // 3. What the network offers: the provider's model, with the time of the look.
      const offerModels = page.getByTestId('gateway-offer-models');
      await expect.poll(() => offerModels.textContent(), { timeout: 15_000 }).toContain(`“${THEIR_MODEL}”`);
      const offerAt = page.getByTestId('gateway-offer-at');
      expect(await offerAt.textContent()).toMatch(/^As of /);
      expect(Number.isNaN(Date.parse((await offerAt.locator('time').first().getAttribute('datetime'))!))).toBe(false);
      expect(await page.getByTestId('gateway-offer-problem').count()).toBe(0);
      // The provider, and this computer's own server (asked first, counted as one of the person's).
      expect(await page.getByTestId('gateway-offer-nodes').textContent()).toBe('2');
      expect(await page.getByTestId('gateway-offer-own').textContent()).toBe('1');

      // The most one request may cost, set to 2 credits: it counts what a request is expected to cost (an honest node's
      // claim for the longest answer asked), which a short question at the base rate stays far under.
      const limits = page.getByRole('form', { name: 'Spending limits' });
      await limits.getByRole('textbox', { name: 'Most one request may cost (credits)' }).fill('2');
      await limits.getByRole('button', { name: 'Save limits' }).click();
      await expect.poll(() => page.getByTestId('gateway-limits-status').textContent()).toMatch(/^Saved/);

      // 4. Try it: the provider's model answers a question sent through the gateway.
      const tryIt = page.getByRole('form', { name: 'Try the gateway' });
      await tryIt.getByRole('combobox', { name: 'Model' }).selectOption(THEIR_MODEL);
      await tryIt.getByRole('textbox', { name: 'Your question' }).fill('Say hello');
      await tryIt.getByRole('button', { name: 'Send' }).click();
      const answer = page.getByTestId('gateway-try-answer');
      const refusal = tryIt.getByRole('alert');
      await answer.or(refusal).waitFor({ timeout: 30_000 });
      expect(await refusal.count(), (await refusal.allTextContents()).join(' ')).toBe(0);
      // Another machine wrote it (the fake answers with the question): quoted, apart from the page's own words.
      expect(await answer.locator('p [data-foreign]').first().textContent()).toBe('“Say hello”');
      expect(await answer.textContent()).toContain('Paid');
      expect(await tryIt.getByRole('button', { name: 'Send' }).count()).toBe(1);

      // 5. Today's spend is above 0, and the request is in the last requests, answered.
      const info = await eventually(async () => {
        const i = await node.callOk<GatewayInfo>('getGateway');
        expect(i.budget.spentToday).toBeGreaterThan(0);
        return i;
      }, 15_000);
      await expect
        .poll(() => page.getByTestId('gateway-spent-today').textContent(), { timeout: 15_000 })
        .not.toMatch(/^0 /);
      expect(await page.getByTestId('gateway-spent-today').textContent()).toMatch(
        new RegExp(`^\\d[\\d.,]* of ${DEFAULT_GATEWAY_SETTINGS.dailyCap} credits$`),
      );
      const answered = page.getByTestId('gateway-recent-table').locator('tr[data-outcome="answered"]');
      await expect.poll(() => answered.count(), { timeout: 15_000 }).toBe(1);
      expect(await answered.getAttribute('data-code')).toBe('ok');
      expect(await answered.getAttribute('data-task-id')).toBe(info.recent[0]!.taskId);
      expect(info.recent[0]).toMatchObject({
        model: THEIR_MODEL,
        own: false,
        outcome: 'answered',
        nodeId: provider!.node.getSnapshot().node.nodeId,
      });
      expect(info.recent[0]!.credits).toBeGreaterThan(0);

      // The page with a key listed, an answer and a request on it, light and dark, at both sizes: every card is there,
      // nothing sticks out sideways and every text reads.
      expect(await page.locator('main h2').allTextContents()).toEqual(CARDS);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expect
          .poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme'))
          .toBe(scheme);
        for (const size of [LAPTOP, SMALL]) {
          await page.setViewportSize(size);
          const where = `${scheme} at ${size.width}×${size.height}`;
          expect(await overflowingElements(page), where).toEqual([]);
          const contrast = await textContrast(page);
          // Every card's words were read, not a page still loading.
          expect(contrast.read, where).toBeGreaterThan(60);
          expect(contrast.weak, where).toEqual([]);
          await fullShot(page, `gateway-${scheme}-${size.width}.png`);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize(LAPTOP);

      // 6. Revoke the key, after the question; the app with it is refused from then on.
      await page.getByRole('button', { name: `Revoke the key ${KEY_NAME}` }).click();
      const confirm = page.getByRole('group', { name: 'Revoke this app key?' });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Yes, revoke the key' }).click();
      await expect.poll(() => confirm.count()).toBe(0);
      await expect.poll(() => keyRows.count()).toBe(0);
      const refused = await listModels(baseUrl, secret);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_api_key' } });
    } finally {
      await page.close();
    }
  });
});

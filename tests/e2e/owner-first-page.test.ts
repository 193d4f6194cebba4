/**
 * The owner comes first, in the pages of a real node: the built headless host, registered with the test directory,
 * with a fake `nvidia-smi` (the real tool's XML in its loop mode) first on its PATH, so the app finds it the way it
 * finds the real one. In Chromium, light and dark, at 1366×768 and 900×600:
 *
 *  a. Settings → "Your own use comes first": what this computer lets the app watch, the GPU's last reading, a
 *     changed grace saved;
 *  b. tasks served while the GPU draws 200 W above idle: the Earnings page's "Power and its cost" says today's
 *     kWh, their cost at the price entered and the credits in one sentence, and the Pricing page says the same;
 *  c. a game starts on the GPU: the status line says the node is paused for it and when it comes back, and the tray
 *     (its menu built from the same snapshot) says the same with "Share anyway for 1 hour", which works;
 *  d. while sharing anyway, the dashboard's headline says until when, and its "Stop sharing anyway" gives the GPU back
 *     to the game still running.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, Settings } from '@shared/contract';
import { trayMenuTemplate, type TrayEngine } from '../../src-main/app/tray-menu';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { WIDE } from '../support/page-layout';
import { checkThemesAndShoot } from '../support/theme-shots';
import { DESKTOP, FAKE_NVIDIA_SMI, GAME, IDLE_GPU, OLLAMA_ON_GPU, writeGpuState } from '../support/gpu-tools/gpu-state';
import { tempDir } from '../support/tmp';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/**
 * An hour from now on a clock, in whichever locale the browser and this process have: "21:51", "9:51 PM", maybe
 * "tomorrow".
 */
const UNTIL_CLOCK = /^\d{1,2}:\d{2}(?:\s?[AP]M)?(?: tomorrow)?$/;
const MODEL = 'qwen2.5:7b';

let node: E2eNode;
let taskPort: number;
let tools: { dir: string; cleanup(): void };
let statePath: string;

const gpuState = (processes: object[], gpu?: object) => writeGpuState(statePath, processes, gpu);

async function snapshotWhere(
  pred: (s: NodeSnapshot) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.availability.owner)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function serveChatTask(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Say something.' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
}

async function openPage(name: 'Settings' | 'Earnings' | 'Pricing' | 'Dashboard'): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
  return page;
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\u00a0/g, ' ').trim();

beforeAll(async () => {
  tools = tempDir('iicp-e2e-gpu-');
  // Only the fake is on the PATH's first folder: the app finds `nvidia-smi` there as it finds the real one.
  const bin = join(tools.dir, 'bin');
  mkdirSync(bin);
  symlinkSync(FAKE_NVIDIA_SMI, join(bin, 'nvidia-smi'));
  statePath = join(tools.dir, 'gpu.json');
  gpuState([DESKTOP, OLLAMA_ON_GPU]);
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-owner-',
    backend: { flavour: 'ollama', models: [MODEL] },
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 2_000 },
    env: {
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_GPU_STATE: statePath,
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  node.backend.setLoaded([MODEL]);
  // The person's electricity price: 0.30 € a kWh.
  await node.callOk('updateSettings', { energy: { pricePerKwh: 0.3, currency: 'EUR', typicalWatts: null } });
  await snapshotWhere(
    (s) => s.directory.link === 'registered' && s.availability.owner.gpu?.name === IDLE_GPU.name,
    'registration and a GPU reading',
  );
}, 60_000);

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
  tools?.cleanup();
});

describe('the owner comes first, in the pages (Chromium, light and dark, 1366×768 and 900×600)', () => {
  it('a. Settings says what the app can watch and the GPU reading, and saves a new grace', async () => {
    const page = await openPage('Settings');
    try {
      const card = page.getByTestId('owner-first-card');
      await card.waitFor();
      await expect.poll(async () => (await card.textContent()) ?? '').toContain(IDLE_GPU.name);
      await checkThemesAndShoot(page, 'settings-owner-first');
      const grace = page.getByTestId('owner-grace');
      await grace.fill('5');
      await page.getByTestId('owner-save').click();
      await expect.poll(async () => (await node.callOk<Settings>('getSettings')).ownerFirst.graceSeconds).toBe(5);
    } finally {
      await page.close();
    }
  });

  it("b. Earnings and Pricing say today's kWh, their cost and the credits in one sentence", async () => {
    // 235 W while serving against the 35 W seen while idle.
    gpuState([DESKTOP, OLLAMA_ON_GPU], { ...IDLE_GPU, powerW: 235 });
    await snapshotWhere((s) => s.availability.owner.gpu?.powerW === 235, 'the 235 W reading');
    node.backend.set({ msPerOutputToken: 20, naturalTokens: 1000 });
    for (let i = 0; i < 3; i++) await serveChatTask();
    node.backend.set({ msPerOutputToken: 0, naturalTokens: null });
    gpuState([DESKTOP, OLLAMA_ON_GPU]);
    const snap = await snapshotWhere(
      (s) => s.earnings.today.awarded > 0 && s.earnings.today.energyTasks === 3,
      'the awards',
    );
    expect(snap.earnings.energy).toMatchObject({
      source: 'measured',
      meters: 'nvidia-smi',
      baselineW: 35,
      pricePerKwh: 0.3,
      currency: 'EUR',
    });
    expect(snap.earnings.today.energyJ).toBeGreaterThan(0);

    const earnings = await openPage('Earnings');
    try {
      await earnings.getByTestId('energy-today').waitFor();
      await expect
        .poll(() => text(earnings, 'energy-today'))
        .toMatch(/^Today: [\d.]+ k?Wh ≈ €[\d.]+ for 3 tasks, [\d.]+ credits?\.$/);
      expect(await text(earnings, 'energy-source')).toBe(
        'Measured from nvidia-smi: each task gets its share of the power while it generates, above the idle 35 W.',
      );
      expect(await text(earnings, 'credits-no-value')).toBe(
        'Credits have no exchange value in the current phase of the network.',
      );
      // Tokens per joule for the model.
      expect(await text(earnings, 'earnings-model-tpj')).toMatch(/^[\d.]+$/);
      await checkThemesAndShoot(earnings, 'earnings-energy');
      const sentence = await text(earnings, 'energy-today');
      const pricing = await openPage('Pricing');
      try {
        await expect.poll(() => text(pricing, 'energy-today')).toBe(sentence);
      } finally {
        await pricing.close();
      }
    } finally {
      await earnings.close();
    }
  });

  it('c. a game on the GPU: the status line and the tray say so, and "Share anyway for 1 hour" serves again', async () => {
    gpuState([DESKTOP, OLLAMA_ON_GPU, GAME]);
    const yielding = await snapshotWhere((s) => s.availability.reason === 'owner_use', 'the yield');
    const words = 'Paused while you use the GPU (“Cyberpunk2077.exe”) — back 2 min after you stop';
    expect(english.said(yielding.availability.message!)).toBe(words);

    const page = await openPage('Dashboard');
    try {
      await expect.poll(async () => (await page.getByRole('status').first().textContent()) ?? '').toContain(words);
      await checkThemesAndShoot(page, 'dashboard-owner-yield');
    } finally {
      await page.close();
    }

    // The tray's menu, built from the same snapshot the desktop app would give it.
    const calls: (number | null)[] = [];
    const engine: TrayEngine = {
      getSnapshot: () => yielding,
      onSnapshot: () => () => undefined,
      pause: () => undefined,
      resume: () => undefined,
      shareAnyway: (m) => calls.push(m),
    };
    const menu = trayMenuTemplate(yielding, engine, { openWindow: () => undefined, quit: () => undefined });
    const labels = menu.map((i) => i.label).filter(Boolean);
    expect(labels).toContain(words);
    const share = menu.find((i) => i.id === 'share-anyway')!;
    expect(share.label).toBe('Share anyway for 1 hour');
    share.click!(undefined as never, undefined as never, undefined as never);
    expect(calls).toEqual([60]);
    await node.callOk('shareAnyway', { minutes: calls[0] });
    const sharing = await snapshotWhere(
      (s) => s.availability.reason === null && s.availability.owner.shareAnywayUntil !== null,
      'sharing anyway',
    );
    const sharingMenu = trayMenuTemplate(sharing, engine, { openWindow: () => undefined, quit: () => undefined }).map(
      (i) => i.label,
    );
    expect(sharingMenu).toContain('Stop sharing anyway');
    expect(sharingMenu.find((l) => l?.startsWith('Sharing anyway until '))).toMatch(
      new RegExp(`^Sharing anyway until ${UNTIL_CLOCK.source.slice(1)}`),
    );
  });

  it('d. sharing anyway: the dashboard says so and until when, and "Stop sharing anyway" there gives the GPU back', async () => {
    const page = await openPage('Dashboard');
    try {
      const headline = page.getByTestId('node-state');
      await expect
        .poll(async () => (await headline.textContent()) ?? '')
        .toMatch(new RegExp(`^Serving the network.* — sharing anyway until ${UNTIL_CLOCK.source.slice(1)}`));
      await checkThemesAndShoot(page, 'dashboard-share-anyway');
      const before = (await node.callOk<{ id: number }[]>('listEvents', { limit: 1 }))[0]!.id;
      await page.getByRole('button', { name: 'Stop sharing anyway' }).click();
      // The game still runs: the node gives the GPU back at once, and the card says so.
      await snapshotWhere(
        (s) => s.availability.owner.shareAnywayUntil === null && s.availability.reason === 'owner_use',
        'the GPU given back',
      );
      await expect
        .poll(async () => (await headline.textContent()) ?? '')
        .toBe('Paused while you use the GPU (“Cyberpunk2077.exe”) — back 2 min after you stop');
      expect(await page.getByTestId('share-anyway').count()).toBe(0);
      const events = (
        await node.callOk<{ id: number; event: string; details: string }[]>('listEvents', { limit: 50 })
      ).filter((e) => e.id > before);
      expect(events.filter((e) => e.event === 'owner_share_anyway').map((e) => e.details)).toEqual(['ended=stopped']);
    } finally {
      await page.close();
      gpuState([DESKTOP, OLLAMA_ON_GPU]);
    }
  });
});

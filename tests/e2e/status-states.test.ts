/**
 * The dashboard's status sentence tells the truth: real headless nodes driven into each state a person meets —
 * local only, directory unreachable, directory lost, LLM server down, paused, serving, host stopped — and in each
 * the page (Chromium, 900×600 and 1366×768, light and dark) says the state in one sentence with its next step, the
 * directory card and the reachability card agree on the way in, a stopped host leaves no card green,
 * the page title says the same, nothing sticks out sideways, no value breaks mid-token, no card stands alone in a
 * row. Each state's screenshots go to test-artifacts/e2e/status-<state>-<width>-<theme>.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { artifactPath, overflowingElements } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { midTokenBreaks, orphanCards } from '../support/page-layout';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const VIEWPORTS = [
  { width: 900, height: 600 },
  { width: 1366, height: 768 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function snapshotWhere(
  node: E2eNode,
  pred: (s: NodeSnapshot) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last snapshot: ${JSON.stringify({ state: s.state, directory: s.directory, backend: s.backend, reachability: s.reachability.status })}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the status card says right now, its sentence and its detail, in one read (no waiting for either). */
async function pageNow(
  page: Page,
): Promise<{ sentence: string | null; detail: string | null; title: string; route: string }> {
  // A script string: the test's TypeScript knows no DOM. The route says where the page is when the card is missing.
  return page.evaluate(`({
    sentence: document.querySelector('[data-testid="node-state"]')?.textContent ?? null,
    detail: document.querySelector('[data-testid="status-detail"]')?.textContent ?? null,
    title: document.title,
    route: window.location.hash,
  })`);
}

/**
 * Presses the card's command button by its name. The node looks again by itself before every heartbeat (each second
 * here), so it may find the trouble gone first: then the button has gone with it, and the sentence has moved on.
 * Pressing whatever stands in the button's place instead could open another page.
 */
async function pressIfStillOffered(page: Page, name: string, was: RegExp): Promise<void> {
  const button = page.getByTestId('node-status').getByRole('button', { name, exact: true });
  try {
    await button.click({ timeout: 5_000 });
  } catch (err) {
    // Gone before the press: fine only if the node moved on by itself.
    if (was.test((await pageNow(page)).sentence ?? '')) throw err;
  }
}

/** Waits until the page's status sentence matches; a failure says what the page said last, and where it was. */
async function pageSays(page: Page, expected: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A page that reloads or crashes meanwhile is read again; if it stays so, the failure says so.
    const now = await pageNow(page).catch((err: Error) => ({ sentence: null, error: err.message }));
    if (now.sentence !== null && expected.test(now.sentence)) return;
    if (Date.now() > deadline) throw new Error(`the page never said ${expected}; it said ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A countdown ("retrying in 4 s", "retrying now") ticks between two reads: compare what comes before it. */
const withoutCountdown = (s: string) => s.replace(/ — retrying( in \d+ (s|min)| now)?/, ' — retrying');

/**
 * The state's sentence and next step at both sizes and in both themes, the title the same, the layout sound;
 * a screenshot of each.
 */
async function checkEverywhere(page: Page, state: string, expected: RegExp, nextStep: RegExp | null): Promise<void> {
  for (const viewport of VIEWPORTS) {
    for (const theme of THEMES) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: theme });
      await pageSays(page, expected);
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
      // The title is the same sentence, read at the same moment.
      await expect
        .poll(async () => {
          const now = await pageNow(page);
          return (
            now.sentence !== null && withoutCountdown(now.title) === `${withoutCountdown(now.sentence)} · IICP Provider`
          );
        })
        .toBe(true);
      const action = page.getByTestId('node-status').getByTestId('status-action');
      if (nextStep) expect(await action.textContent()).toMatch(nextStep);
      else expect(await action.count()).toBe(0);
      expect(await overflowingElements(page)).toEqual([]);
      expect(await midTokenBreaks(page)).toEqual([]);
      expect(await orphanCards(page)).toEqual([]);
      await page.screenshot({
        path: artifactPath('e2e', `status-${state}-${viewport.width}-${theme}.png`),
        fullPage: false,
      });
    }
  }
}

describe('status sentence of a registered node through its life (serving → paused → LLM server down → directory lost → host stopped)', () => {
  let node: E2eNode;
  let page: Page;
  let taskPort: number;
  let restarted: FakeBackend | null = null;

  beforeAll(async () => {
    taskPort = await freePort();
    node = await startE2eNode({
      dataPrefix: 'iicp-e2e-status-',
      backend: { flavour: 'ollama', models: [MODEL] },
      // The routability rule would refuse a loopback endpoint; the dial-back stays on. Heartbeats every second, so
      // a lost directory shows after two missed beats.
      directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1_000 },
      env: {
        IICP_PORT: String(taskPort),
        IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
        IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      },
    });
    page = await node.browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(node.host.url);
  });

  afterAll(async () => {
    await node?.stop();
    await restarted?.close();
  });

  it('serving: registered, reachable, the LLM server healthy — "Serving the network", and the counts', async () => {
    await snapshotWhere(
      node,
      (s) => s.directory.link === 'registered' && s.backend.status === 'healthy' && s.reachability.status === 'public',
      'registration',
    );
    const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        task_id: randomUUID(),
        intent: CHAT,
        payload: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
      }),
    });
    expect(res.status, await res.text()).toBe(200);
    await checkEverywhere(page, 'serving', /^Serving the network$/, null);
    await expect
      .poll(() => page.getByTestId('status-detail').textContent())
      .toMatch(/0 of 2 slots busy · 1 task today/);
    expect(await page.getByTestId('node-status').getAttribute('data-tone')).toBe('ok');
    // The directory has not reported reaching the node yet: both cards say so, neither claims it is reachable.
    const directoryCard = page.getByTestId('directory-link');
    const reachCard = page.getByTestId('reachability-status');
    expect(await reachCard.textContent()).toContain('Reachable from the internet (not confirmed yet)');
    expect(await directoryCard.textContent()).toContain(
      'Registered, but the directory has not confirmed reaching your node yet.',
    );
    expect(await directoryCard.textContent()).not.toContain('the directory can send consumers to your node');

    // Once the directory reports reaching it, both cards say it is reachable.
    const nodeId = (await node.callOk<NodeSnapshot>('getSnapshot')).node.nodeId!;
    node.directory!.observeReachability(nodeId, true);
    await node.callOk('syncEarnings');
    await snapshotWhere(node, (s) => s.reachability.verified, 'the directory to confirm reaching the node');
    await expect.poll(() => reachCard.getAttribute('data-verified')).toBe('true');
    await expect
      .poll(() => directoryCard.textContent())
      .toContain('Registered and reachable: the directory can send consumers to your node.');
    expect(await reachCard.locator('[data-tone]').first().getAttribute('data-tone')).toBe('ok');
    expect(await reachCard.textContent()).not.toContain('not confirmed yet');
  });

  it('paused: "Paused until <time in the browser\'s locale>" and "Resume now", which resumes', async () => {
    await node.callOk('pause', { untilMs: Date.now() + 3_600_000 });
    await checkEverywhere(page, 'paused', /^Paused until \d{1,2}:\d\d( [AP]M)?( tomorrow)?$/, /^Resume now$/);
    expect(await page.getByTestId('directory-link').textContent()).toContain('taking no work');
    await page.getByTestId('node-status').getByTestId('status-action').click();
    await pageSays(page, /^Serving the network$/);
    expect((await node.callOk<NodeSnapshot>('getSnapshot')).available).toBe(true);
  });

  it('LLM server down: names Ollama, says where, offers "Check now"; back once it runs again', async () => {
    const port = node.backend.port;
    await node.backend.close();
    await checkEverywhere(
      page,
      'backend-down',
      /^Your LLM server is not answering — is Ollama running\?$/,
      /^Check now$/,
    );
    expect(await page.getByTestId('status-detail').textContent()).toContain(node.backend.url);
    // The card says it once, with what to do and the same button; the directory card no longer promises consumers.
    const card = page.getByTestId('backend-status');
    expect(await card.textContent()).toMatch(/Start Ollama again/);
    expect(await card.getByTestId('backend-check-now').count()).toBe(1);
    expect(await page.getByTestId('directory-link').textContent()).not.toContain(
      'the directory can send consumers to your node',
    );

    restarted = await startFakeBackend({ flavour: 'ollama', models: [MODEL], port });
    await pressIfStillOffered(page, 'Check now', /^Your LLM server is not answering/);
    await pageSays(page, /^Serving the network$/);
  });

  it('directory lost mid-run: "Lost contact with the IICP directory — retrying in N s", counting down, "Try now"', async () => {
    await node.directory!.close();
    await snapshotWhere(node, (s) => s.directory.link === 'unreachable', 'the directory to be missed');
    await checkEverywhere(
      page,
      'directory-lost',
      /^Lost contact with the IICP directory — retrying (in \d+ (s|min)|now)?$/,
      /^Try now$/,
    );
    expect(await page.getByTestId('node-status').getAttribute('data-tone')).toBe('bad');
    // The directory card says it cannot be reached; the reachability card what is true of a registered node's address.
    expect(await page.getByTestId('directory-link').textContent()).not.toContain('can send consumers');
    await expect
      .poll(() => page.getByTestId('reachability-status').textContent())
      .toContain(
        'The directory already has this address from the registration; it can confirm reaching it once it answers again.',
      );

    await node.directory!.restart();
    await pressIfStillOffered(page, 'Try now', /^Lost contact with the IICP directory/);
    await pageSays(page, /^Serving the network$/);
  });

  it('host stopped: "Not connected to the node", how to start it again, and "Retry now"', async () => {
    expect(await node.host.stop()).toBe(0);
    await checkEverywhere(page, 'host-stopped', /^Not connected to the node$/, /^Retry now$/);
    expect(await page.getByTestId('status-detail').textContent()).toContain('npm run headless');
    // No card goes on showing the node online in green: each badge is the last known, and the note says how old.
    expect(await page.getByTestId('stale-note').textContent()).toMatch(
      /^These are the last figures heard from the node, at .+\. They may have changed since\.$/,
    );
    for (const card of ['directory-link', 'reachability-status', 'backend-status']) {
      expect(await page.getByTestId(card).locator('[data-tone="ok"]').count(), card).toBe(0);
      expect(await page.getByTestId(card).textContent(), card).toContain('Last known: ');
    }
  });
});

describe('status sentence of nodes that never got onto the network', () => {
  it('local only (no public address): "Not reachable from the internet — see Network", with the way there', async () => {
    const node = await startE2eNode({
      dataPrefix: 'iicp-e2e-status-local-',
      backend: { flavour: 'ollama', models: [MODEL] },
    });
    try {
      await snapshotWhere(
        node,
        (s) => s.reachability.status === 'local_only' && s.backend.status === 'healthy',
        'local only',
      );
      const page = await node.browser.newPage({ viewport: VIEWPORTS[0] });
      await page.goto(node.host.url);
      await checkEverywhere(page, 'local-only', /^Not reachable from the internet — see Network$/, /^Open Network$/);
      await page.getByTestId('node-status').getByTestId('status-action').click();
      await expect.poll(() => page.url()).toMatch(/#\/network$/);
    } finally {
      expect(await node.stop()).toBe(0);
    }
  });

  it('directory unreachable from the start: "Can\'t reach the IICP directory — retrying in N s"', async () => {
    const taskPort = await freePort();
    const deadPort = await freePort();
    const node = await startE2eNode({
      dataPrefix: 'iicp-e2e-status-nodir-',
      backend: { flavour: 'ollama', models: [MODEL] },
      env: {
        IICP_PORT: String(taskPort),
        IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
        IICP_ALLOW_PRIVATE_ENDPOINT: '1',
        IICP_DIRECTORY_URL: `http://127.0.0.1:${deadPort}/api`,
      },
    });
    try {
      await snapshotWhere(node, (s) => s.directory.link === 'unreachable', 'the directory to be unreachable');
      const page = await node.browser.newPage({ viewport: VIEWPORTS[0] });
      await page.goto(node.host.url);
      await checkEverywhere(
        page,
        'directory-unreachable',
        /^Can't reach the IICP directory — retrying (in \d+ (s|min)|now)?$/,
        /^Try now$/,
      );
    } finally {
      expect(await node.stop()).toBe(0);
    }
  });
});

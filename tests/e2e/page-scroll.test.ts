/**
 * Scrolling every page to its end with the mouse wheel, in Chromium at 1280×800 and 800×600, on a real node (the
 * built headless host, a fake Ollama with tasks served, the directory stand-in): only the page's column scrolls.
 * The window itself never does, so the sidebar stays put and the page's last card ends up in view; a screenshot of
 * each end is kept (`test-artifacts/e2e/scroll-end-<page>-<width>.png`).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { artifactPath } from '../support/browser';
import { eventually } from '../support/eventually';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { NARROW, WIDE } from '../support/page-layout';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** Every page the sidebar leads to (its seven pages and the setup wizard), read from the sidebar itself. */
const SIDEBAR_PAGES = `[...document.querySelectorAll('.sidebar a[href^="#/"]')].map((a) => a.getAttribute('href').slice(2))`;
/** Words a card shows while its data is still on the way: the page is not at its final height yet. */
const STILL_LOADING = /Loading|Reading|Connecting to the node|Working out|Looking for LLM servers/;

let node: E2eNode;
let taskPort: number;

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-scroll-',
    backend: { flavour: 'ollama', models: ['qwen2.5:7b', 'nomic-embed-text'] },
    directory: { routabilityCheck: false, livenessProbe: false },
    env: { IICP_PORT: String(taskPort) },
  });
  await eventually(
    async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).backend.status).toBe('healthy'),
    15_000,
  );
  // A few served tasks, so the requests feed and the last tasks have rows and the pages their everyday length.
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        task_id: randomUUID(),
        intent: CHAT,
        payload: { messages: [{ role: 'user', content: 'hi' }] },
      }),
    });
    expect(res.status, await res.text()).toBe(200);
  }
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

interface Geometry {
  windowScrollY: number;
  /** How far the document itself could scroll (0 when only the page's column scrolls). */
  documentOverflow: number;
  main: { scrollTop: number; maxScrollTop: number };
  sidebar: { top: number; bottom: number };
  lastCard: { top: number; bottom: number; title: string } | null;
  viewportHeight: number;
}

const GEOMETRY = `(() => {
  const root = document.scrollingElement;
  const main = document.querySelector('main');
  const sidebar = document.querySelector('.sidebar').getBoundingClientRect();
  const cards = [...main.querySelectorAll('section:not(section section)')].filter((c) => c.getBoundingClientRect().height > 0);
  const last = cards[cards.length - 1];
  const box = last ? last.getBoundingClientRect() : null;
  return {
    windowScrollY: window.scrollY,
    documentOverflow: root.scrollHeight - root.clientHeight,
    main: { scrollTop: main.scrollTop, maxScrollTop: main.scrollHeight - main.clientHeight },
    sidebar: { top: sidebar.top, bottom: sidebar.bottom },
    lastCard: box ? { top: box.top, bottom: box.bottom, title: (last.querySelector('h2') || last).textContent.slice(0, 60) } : null,
    viewportHeight: window.innerHeight,
  };
})()`;

const geometry = (page: Page) => page.evaluate<Geometry>(GEOMETRY);

/** Opens a page and waits until none of its cards is still loading. */
async function open(page: Page, route: string): Promise<void> {
  await page.evaluate(`window.location.hash = '/${route}'`);
  await expect.poll(() => page.locator('main h1').first().isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).not.toMatch(STILL_LOADING);
}

/**
 * Wheels over the page's column until it has reached its end, then a few times more (where a scrollable window
 * would take the rest of the wheel and move the whole app), and measures. A page that grew meanwhile (a new event
 * row) is wheeled again, so the measure is taken with the column at its end.
 */
async function wheelToEnd(page: Page, width: number, height: number): Promise<Geometry> {
  await page.mouse.move(Math.round(180 + (width - 180) / 2), Math.round(height / 2));
  // The wheels past the end are told apart from any wheel still on its way by their distance, and counted as the
  // page receives them.
  const delta = 601;
  const wheels = 5;
  await page.evaluate(`window.__wheels = 0;
    if (!window.__wheelCount) window.addEventListener('wheel', (window.__wheelCount = (e) => { if (e.deltaY === ${delta}) window.__wheels++; }), { passive: true });`);
  let measured: Geometry | undefined;
  await expect
    .poll(
      async () => {
        await page.mouse.wheel(0, 600);
        const g = await geometry(page);
        if (g.main.scrollTop < g.main.maxScrollTop - 1) return false;
        const before = await page.evaluate<number>('window.__wheels');
        for (let i = 0; i < wheels; i++) await page.mouse.wheel(0, delta);
        await expect.poll(() => page.evaluate<number>('window.__wheels')).toBe(before + wheels);
        measured = await geometry(page);
        return measured.main.scrollTop >= measured.main.maxScrollTop - 1;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return measured!;
}

describe('scrolling every page to its end (Chromium)', () => {
  for (const size of [WIDE, NARROW]) {
    it(`keeps the sidebar and the last card in view at ${size.width}×${size.height}`, async () => {
      const page = await node.browser.newPage({ viewport: size, colorScheme: 'light' });
      try {
        await page.goto(node.host.url);
        await expect.poll(() => page.locator('.sidebar').isVisible(), { timeout: 15_000 }).toBe(true);
        const pages = await page.evaluate<string[]>(SIDEBAR_PAGES);
        expect(pages).toEqual([
          'dashboard',
          'availability',
          'pricing',
          'earnings',
          'fleet',
          'gateway',
          'network',
          'logs',
          'settings',
          'setup',
        ]);
        for (const route of pages) {
          await open(page, route);
          const g = await wheelToEnd(page, size.width, size.height);
          await page.screenshot({ path: artifactPath('e2e', `scroll-end-${route}-${size.width}.png`) });
          const where = `${route} at ${size.width}×${size.height}: ${JSON.stringify(g)}`;
          // Only the column scrolls: the window has nothing to scroll and has not moved.
          expect.soft(g.documentOverflow, where).toBeLessThanOrEqual(0);
          expect.soft(g.windowScrollY, where).toBe(0);
          // The sidebar fills the window's height, top to bottom.
          expect.soft(g.sidebar.top, where).toBe(0);
          expect.soft(g.sidebar.bottom, where).toBe(g.viewportHeight);
          // The column is at its end and its last card is in view, whole.
          expect.soft(g.main.scrollTop, where).toBeGreaterThanOrEqual(g.main.maxScrollTop - 1);
          expect.soft(g.lastCard, where).not.toBeNull();
          // Its bottom edge is in the window; so is its top, unless the card is taller than the window.
          const card = g.lastCard ?? { top: -1, bottom: -1, title: '' };
          expect.soft(card.bottom, where).toBeGreaterThan(0);
          expect.soft(card.bottom, where).toBeLessThanOrEqual(g.viewportHeight);
          expect.soft(card.top, where).toBeGreaterThanOrEqual(Math.min(0, g.viewportHeight - (card.bottom - card.top)));
          // The next page starts from a window at rest, whatever this one did.
          await page.evaluate('window.scrollTo(0, 0)');
        }
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});

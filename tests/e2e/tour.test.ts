/**
 * A tour of every page of a real node (the built headless host, a fake Ollama with tasks served and awarded, the test
 * directory, a weekly schedule), in Chromium at 1366×768 and 900×600, light and dark, as a person in the United
 * States (en-US) and one in Germany (de-DE) sees it: the browser's locale set, and the host started in the same
 * locale, as it would be on that person's computer.
 *
 * Every page is shot (`test-artifacts/e2e/tour/<locale>-<page>-<theme>-<width>.png`), its words kept beside the shots
 * (`<locale>-<page>.txt`), and its words read: numbers, dates, weekdays and percentages in the person's locale and
 * never in two styles at once, no wire value or report heading shown as words, and nothing sticking out sideways.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailabilitySchedule, LedgerRow, NodeSnapshot } from '@shared/contract';
import { artifactPath, overflowingElements } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { fullShot } from '../support/page-layout';
import { LAPTOP, SMALL } from '../support/theme-shots';
import { localeProblems, type PageWords } from '../support/locale-words';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const TASKS = 3;
/** Words a card shows while its data is still on the way: the page's words are not final yet. */
const STILL_LOADING = /Loading|Reading|Connecting to the node|Working out|Looking for LLM servers|Checking…/;

/** The locales of the tour, each with the host's environment that makes the engine's own words follow it too. */
const LOCALES = [
  { locale: 'en-US', env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } },
  { locale: 'de-DE', env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } },
] as const;

/** Every page the sidebar leads to, read from the sidebar itself. */
const SIDEBAR_PAGES = `[...document.querySelectorAll('.sidebar a[href^="#/"]')].map((a) => a.getAttribute('href').slice(2))`;

/**
 * The words of the page as blocks (one block per element laid out as a block, a table cell, an SVG label) and every
 * tooltip, without foreign text (quoted, `translate="no"`) and machine values (`code`, inputs): those are shown as
 * they were written, whatever the locale. Table columns and chart axes are kept as groups too, since a column reads
 * as one list.
 */
const PAGE_WORDS = `(() => {
  const skip = (el) => !!el.closest('code, kbd, samp, pre, input, textarea, select, [data-foreign], [translate="no"]');
  const blockOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e instanceof SVGElement && e.tagName.toLowerCase() === 'text') return e;
      const d = getComputedStyle(e).display;
      if (d !== 'inline' && d !== 'contents') return e;
    }
    return document.body;
  };
  const blocks = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!el || skip(el)) continue;
    if (el.closest('script, style, template')) continue;
    if (!(el instanceof SVGElement) && !el.checkVisibility()) continue;
    const block = blockOf(el);
    blocks.set(block, (blocks.get(block) || '') + t.data);
  }
  const norm = (s) => s.replace(/\\s+/g, ' ').trim();
  const tooltips = [...document.querySelectorAll('[title]')].filter((e) => !skip(e) && e.getAttribute('title')).map((e) => norm(e.getAttribute('title')));
  const groups = [];
  for (const table of document.querySelectorAll('main table')) {
    const columns = [];
    for (const row of table.rows) [...row.cells].forEach((c, i) => (columns[i] ||= []).push(norm(c.innerText)));
    groups.push(...columns);
  }
  for (const svg of document.querySelectorAll('main svg')) {
    const labels = [...svg.querySelectorAll('text')].map((t) => norm(t.textContent));
    if (labels.length > 1) groups.push(labels);
  }
  return { blocks: [...blocks.values()].map(norm).filter(Boolean), tooltips, groups };
})()`;

async function serveChatTask(port: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ task_id: randomUUID(), intent: CHAT, payload: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] } }),
  });
  expect(res.status, await res.text()).toBe(200);
}

/** A node with a day's worth of everything: registered, a few tasks served and awarded, a schedule with two shares. */
async function startTouredNode(env: NodeJS.ProcessEnv): Promise<E2eNode> {
  const taskPort = await freePort();
  const node = await startE2eNode({
    dataPrefix: 'iicp-e2e-tour-',
    backend: { flavour: 'ollama', models: [MODEL] },
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 2_000 },
    env: { ...env, IICP_PORT: String(taskPort), IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`, IICP_ALLOW_PRIVATE_ENDPOINT: '1' },
  });
  try {
    await eventually(async () => {
      const s = await node.callOk<NodeSnapshot>('getSnapshot');
      expect(s.directory.link).toBe('registered');
      expect(s.backend.status).toBe('healthy');
    }, 30_000);
    for (let i = 0; i < TASKS; i++) await serveChatTask(taskPort);
    await eventually(async () => {
      const rows = await node.callOk<LedgerRow[]>('listLedger', { limit: 50 });
      expect(rows.filter((r) => r.receipt === 'awarded')).toHaveLength(TASKS);
    }, 30_000);
    await node.callOk<NodeSnapshot>('syncEarnings');
    const { timeZone } = await node.callOk<AvailabilitySchedule>('getSchedule');
    // Every day shared, fully by day and half in the evening, so the grid, the preview and "right now" all have words.
    const days = [1, 2, 3, 4, 5, 6, 7];
    await node.callOk('updateSchedule', {
      timeZone,
      outsideShare: 0,
      windows: [
        { days, start: '00:00', end: '17:59', share: 1 },
        { days, start: '18:00', end: '23:59', share: 0.5 },
      ],
    } satisfies AvailabilitySchedule);
    return node;
  } catch (err) {
    await node.stop();
    throw err;
  }
}

/** Opens a page from the sidebar's link and waits until none of its cards is still loading. */
async function open(page: Page, route: string): Promise<void> {
  await page.evaluate(`window.location.hash = '/${route}'`);
  await expect.poll(() => page.locator('main h1').first().isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).not.toMatch(STILL_LOADING);
}

for (const { locale, env } of LOCALES) {
  describe(`a tour of every page in ${locale} (Chromium)`, () => {
    let node: E2eNode;

    beforeAll(async () => {
      node = await startTouredNode(env);
    }, 90_000);

    afterAll(async () => {
      expect(await node?.stop()).toBe(0);
    });

    it(`shows every number, date and time in ${locale}, one style each, at two sizes in both themes`, async () => {
      const context = await node.browser.newContext({ locale, viewport: LAPTOP, colorScheme: 'light' });
      const page = await context.newPage();
      try {
        await page.goto(node.host.url);
        await expect.poll(() => page.locator('.sidebar').isVisible(), { timeout: 15_000 }).toBe(true);
        expect(await page.evaluate('navigator.language')).toBe(locale);
        const routes = await page.evaluate<string[]>(SIDEBAR_PAGES);
        expect(routes.length).toBeGreaterThanOrEqual(8);
        const seen: PageWords[] = [];
        for (const route of routes) {
          await open(page, route);
          for (const scheme of ['light', 'dark'] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            await expect.poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(scheme);
            for (const size of [LAPTOP, SMALL]) {
              await page.setViewportSize(size);
              expect.soft(await overflowingElements(page), `${route} in ${locale}, ${scheme} at ${size.width}×${size.height}`).toEqual([]);
              await fullShot(page, `tour/${locale}-${route}-${scheme}-${size.width}.png`);
            }
          }
          await page.emulateMedia({ colorScheme: 'light' });
          await page.setViewportSize(LAPTOP);
          const words = await page.evaluate<Omit<PageWords, 'page'>>(PAGE_WORDS);
          const pageWords: PageWords = { page: route, ...words };
          writeFileSync(artifactPath('e2e', 'tour', `${locale}-${route}.txt`), [...words.blocks, '--- tooltips', ...words.tooltips].join('\n'));
          seen.push(pageWords);
        }
        // Read together, so a percentage written one way on one page and another way on the next is caught too.
        expect(localeProblems(seen, locale, { foreign: [MODEL] })).toEqual([]);
      } finally {
        await context.close();
      }
    }, 150_000);
  });
}

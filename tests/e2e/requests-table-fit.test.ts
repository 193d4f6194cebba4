/**
 * The requests table of a real node (the built headless host, a fake Ollama) with the longest reasons the node
 * gives: a tool task, a repeated task, tasks while paused, a model name far too long for its column. In Chromium at
 * 800×600 (and 1280×800) the whole table fits its card, nothing behind a sideways scroll, and every reason takes at
 * most two lines, its full words still there for a tooltip and a screen reader.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { artifactPath, overflowingElements } from '../support/browser';
import { eventually } from '../support/eventually';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { NARROW, WIDE } from '../support/page-layout';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const LONG_MODEL = 'hf.co/bartowski/Meta-Llama-3.1-70B-Instruct-GGUF:Q4_K_M';

let node: E2eNode;
let taskPort: number;

async function postTask(body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'hi' }] },
      ...body,
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-requests-fit-',
    backend: { flavour: 'ollama', models: [MODEL] },
    env: { IICP_PORT: String(taskPort) },
  });
  await eventually(
    async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).backend.status).toBe('healthy'),
    15_000,
  );
  expect(await postTask({})).toBe(200);
  const repeated = { task_id: randomUUID() };
  expect(await postTask(repeated)).toBe(200);
  await postTask(repeated);
  expect(await postTask({ intent: 'urn:iicp:intent:tool:run:v1', payload: {} })).toBe(403);
  expect(await postTask({ payload: { model: LONG_MODEL, messages: [{ role: 'user', content: 'hi' }] } })).toBe(404);
  await node.callOk('pause', {});
  await postTask({});
  await postTask({});
  await node.callOk('resume', {});
  await eventually(
    async () => expect((await node.callOk<NodeSnapshot>('getSnapshot')).requests.recent.length).toBe(7),
    15_000,
  );
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

interface ReasonCell {
  words: string;
  /** The full words offered as the cell's tooltip. */
  title: string | null;
  /** Lines of the reason a person sees (lines cut off by the cell are not counted). */
  lines: number;
}

/**
 * Each row's reason (the cell under the "Reason" header): its text, its tooltip and how many lines of it show. A line
 * counts when its middle is inside every box that clips it, from the text's own element up to the cell.
 */
const REASONS = `(() => {
  const table = document.querySelector('[data-testid="requests-table"]');
  const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent.trim() === 'Reason');
  return [...table.querySelectorAll('[data-testid="request-row"]')].map((row) => {
    const cell = row.children[column];
    const tops = new Set();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      let top = -Infinity;
      let bottom = Infinity;
      for (let el = t.parentElement; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (el === cell || style.overflowY !== 'visible') {
          const b = el.getBoundingClientRect();
          top = Math.max(top, b.top);
          bottom = Math.min(bottom, b.bottom);
        }
        if (el === cell) break;
      }
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        const middle = r.top + r.height / 2;
        if (r.width > 0 && middle > top && middle < bottom) tops.add(Math.round(r.top));
      }
    }
    return { words: cell.textContent, title: cell.getAttribute('title'), lines: tops.size };
  });
})()`;

/** The table's sideways overflow, and where its last column ends against the card's table area. */
const FIT = `(() => {
  const wrap = document.querySelector('[data-testid="requests-table"]').parentElement;
  const headers = [...document.querySelectorAll('[data-testid="requests-table"] thead th')];
  const right = wrap.getBoundingClientRect().right;
  return {
    scrollWidth: wrap.scrollWidth,
    clientWidth: wrap.clientWidth,
    hidden: headers.filter((h) => h.getBoundingClientRect().right > right + 0.5 || h.getBoundingClientRect().width === 0).map((h) => h.textContent),
  };
})()`;

async function checkTable(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  const where = `${size.width}×${size.height}`;
  const fit = await page.evaluate<{ scrollWidth: number; clientWidth: number; hidden: string[] }>(FIT);
  expect.soft(fit.scrollWidth, `${where}: the table scrolls sideways`).toBeLessThanOrEqual(fit.clientWidth);
  expect.soft(fit.hidden, `${where}: columns out of sight`).toEqual([]);
  expect.soft(await overflowingElements(page), where).toEqual([]);
  const reasons = await page.evaluate<ReasonCell[]>(REASONS);
  expect(reasons).toHaveLength(7);
  for (const r of reasons) {
    expect.soft(r.lines, `${where}: "${r.words}" shows on ${r.lines} lines`).toBeGreaterThanOrEqual(1);
    expect.soft(r.lines, `${where}: "${r.words}" shows on ${r.lines} lines`).toBeLessThanOrEqual(2);
    // Cut or not, the whole reason is there to read: as the tooltip and as the cell's text.
    expect.soft(r.title, where).toBe(r.words);
  }
  await page
    .getByTestId('requests-table')
    .evaluate((el: { scrollIntoView(o: { block: string }): void }) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: artifactPath('e2e', `requests-table-fit-${size.width}.png`) });
}

describe('requests table (Chromium)', () => {
  it('fits the card at 800×600 and 1280×800, each reason on at most two lines with its full words kept', async () => {
    const page = await node.browser.newPage({ viewport: NARROW, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      const rows = page.getByTestId('requests-table').getByTestId('request-row');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
      // The longest reasons are among them.
      const text = await page.getByTestId('requests-table').innerText();
      expect(text).toContain('Asked to run a tool on this computer, which the node never does');
      expect(text).toContain('Arrived while the node was paused or outside your availability windows');
      expect(text).toContain('A repeat of a task already answered');
      await checkTable(page, NARROW);
      await checkTable(page, WIDE);
    } finally {
      await page.close();
    }
  });
});

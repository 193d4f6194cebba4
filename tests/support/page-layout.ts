import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { artifactPath, overflowingElements } from './browser';

export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 800, height: 600 };

/**
 * A screenshot of the whole page: the shell scrolls inside <main>, so the window is stretched to the
 * column's height for the shot and put back afterwards.
 */
export async function fullShot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  await page.locator('main').evaluate((m: { scrollTop: number }) => (m.scrollTop = 0));
  const height = await page.locator('main').evaluate((m: { scrollHeight: number }) => m.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.screenshot({ path: artifactPath('e2e', name) });
  await page.setViewportSize(viewport);
}

/** No sideways overflow at 1280×800 and at 800×600; full-page shots at both sizes (`<name>.png`, `<name>-800.png`). */
export async function checkLayoutAndShoot(page: Page, name: string): Promise<void> {
  expect(await overflowingElements(page)).toEqual([]);
  await fullShot(page, `${name}.png`);
  await page.setViewportSize(NARROW);
  expect(await overflowingElements(page)).toEqual([]);
  await fullShot(page, `${name}-800.png`);
  await page.setViewportSize(WIDE);
}

/**
 * Machine values (`code` in the main column) that wrap in the middle of a token: a line may only end after the
 * value's punctuation (the joints Token.tsx marks) or a space, never inside "9484" or a host name's label.
 */
const MID_TOKEN_CHECK = `(() => {
  const joints = '/\\\\:.?&=@_-] ';
  const bad = [];
  for (const code of document.querySelectorAll('main code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let prevTop = null;
    let prevChar = '';
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      for (let i = 0; i < t.data.length; i++) {
        const range = document.createRange();
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        const r = range.getClientRects()[0];
        // A space at the end of a line collapses to nothing, yet the line still ends after it.
        if (!r || r.width === 0) {
          prevChar = t.data[i];
          continue;
        }
        if (prevTop !== null && r.top > prevTop + 2 && !joints.includes(prevChar)) {
          bad.push(JSON.stringify(code.textContent) + ' breaks after ' + JSON.stringify(prevChar));
        }
        prevTop = r.top;
        prevChar = t.data[i];
      }
    }
  }
  return bad;
})()`;

export const midTokenBreaks = (page: Page) => page.evaluate<string[]>(MID_TOKEN_CHECK);

/**
 * Card grids whose last row is a lone card beside empty space (an "orphan"): every row must fill the grid's
 * width, give or take the gaps.
 */
const ORPHAN_CHECK = `(() => {
  const bad = [];
  for (const grid of document.querySelectorAll('main [data-testid="card-grid"]')) {
    const width = grid.getBoundingClientRect().width;
    const rows = new Map();
    for (const card of grid.children) {
      const r = card.getBoundingClientRect();
      if (r.width === 0) continue;
      const top = Math.round(r.top);
      rows.set(top, (rows.get(top) || 0) + r.width);
    }
    for (const [top, used] of rows) if (used < width * 0.9) bad.push('a row at y=' + top + ' fills ' + Math.round(used) + ' of ' + Math.round(width) + ' px');
  }
  return bad;
})()`;

export const orphanCards = (page: Page) => page.evaluate<string[]>(ORPHAN_CHECK);

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

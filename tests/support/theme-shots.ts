import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { overflowingElements } from './browser';
import { fullShot, WIDE } from './page-layout';

/** A laptop screen and a small window. */
export const LAPTOP = { width: 1366, height: 768 };
export const SMALL = { width: 900, height: 600 };

/**
 * The page in the light and the dark theme (it follows the system's while the preference is "system"), at each size:
 * nothing sticks out sideways, and a full-page shot of each (`<name>-light-1366.png`, `<name>-dark-900.png`, …).
 * The page is left light at 1280×800.
 */
export async function checkThemesAndShoot(page: Page, name: string, sizes = [LAPTOP, SMALL]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(scheme);
    for (const size of sizes) {
      await page.setViewportSize(size);
      expect(await overflowingElements(page), `${scheme} at ${size.width}×${size.height}`).toEqual([]);
      await fullShot(page, `${name}-${scheme}-${size.width}.png`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(WIDE);
}

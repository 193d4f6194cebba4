import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts');

/** Debian's Chromium, headless, with everything that would try to reach the internet switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function artifactPath(...parts: string[]): string {
  const path = join(ARTIFACTS_DIR, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  return path;
}

/**
 * Elements whose right edge sticks out of the main column (the shell hides horizontal overflow, so they would
 * be cut off), and tables that scroll sideways (the box a table stands in). A string so the Node-typed test needs
 * no DOM typings.
 */
const OVERFLOW_CHECK = `(() => {
  const main = document.querySelector('main');
  if (!main) return ['no <main>'];
  const limit = main.getBoundingClientRect().right + 0.5;
  const bad = [];
  // Words read only by screen readers are clipped to nothing where they stand: they take no room on screen.
  const readOnlyByScreenReaders = (el) => {
    for (let e = el; e && e !== main; e = e.parentElement) if (getComputedStyle(e).clipPath === 'inset(50%)') return true;
    return false;
  };
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) bad.push('document scrolls sideways');
  for (const el of main.querySelectorAll('*')) {
    if (readOnlyByScreenReaders(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) bad.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right) + ' > ' + Math.round(limit));
  }
  for (const wrap of main.querySelectorAll(':has(> table)')) {
    if (wrap.scrollWidth > wrap.clientWidth) bad.push('table scrolls sideways (' + wrap.scrollWidth + ' > ' + wrap.clientWidth + ')');
  }
  return bad;
})()`;

/** What sticks out sideways on the page (empty when the layout fits). */
export const overflowingElements = (page: Page) => page.evaluate<string[]>(OVERFLOW_CHECK);

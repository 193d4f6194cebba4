/**
 * The sidebar in German at 1366×768 and 900×600, in Chromium: no page's name sticks out of its box, the current
 * page's (bold) included. The sidebar is laid out from the app's own stylesheet and Sidebar.module.css, with the
 * markup of Sidebar.tsx and every name the catalogue gives it in each language, so a longer German word or a
 * narrower column shows here at once, without starting a node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '@shared/i18n/catalogue/de';
import { en } from '@shared/i18n/catalogue/en';
import { artifactPath, launchChromium } from '../support/browser';

const css = (path: string) => readFileSync(join(process.cwd(), 'src-renderer', 'src', path), 'utf8');
const STYLES = `${css('styles/app.css')}\n${css('shell/Sidebar.module.css')}`;
/** Every page name the sidebar shows (routes.ts names them by these ids), the setup wizard's last, as in the foot. */
const NAMES = [
  ...Object.keys(en).filter((id) => /^shell\.nav\.(?!label$|version$|setup$)/.test(id)),
  'shell.nav.setup',
];
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The shell as Sidebar.tsx lays it out, with the page `current` marked as the one open. */
function shellHtml(words: Record<keyof typeof en, string>, lang: string, current: number): string {
  const labels = NAMES.map((id) => words[id as keyof typeof en]);
  const link = (label: string, i: number) =>
    `<a class="navLink" href="#/${i}"${i === current ? ' aria-current="page"' : ''}>${escape(label)}</a>`;
  const pages = labels.slice(0, -1).map((l, i) => `<li>${link(l, i)}</li>`);
  return `<!doctype html><html lang="${lang}"><head><style>${STYLES}</style></head><body><div id="root"><div class="shell">
    <nav class="sidebar"><div class="brand"><span class="brandName">IICP Provider</span></div>
      <ul class="navList">${pages.join('')}</ul>
      <div class="footer">${link(labels.at(-1)!, labels.length - 1)}<p class="version">Version 0.1.0</p></div>
    </nav><main class="content"></main></div></div></body></html>`;
}

/** Each link whose words reach past its box, with the widths. */
const OVERFLOWING = `[...document.querySelectorAll('.sidebar a')]
  .filter((a) => a.scrollWidth > a.clientWidth + 0.5 || a.getBoundingClientRect().right > document.querySelector('.sidebar').getBoundingClientRect().right)
  .map((a) => a.textContent + ' ' + a.scrollWidth + ' > ' + a.clientWidth)`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the sidebar’s page names', () => {
  for (const [lang, words] of [
    ['de', de],
    ['en', en],
  ] as const)
    for (const size of [
      { width: 1366, height: 768 },
      { width: 900, height: 600 },
    ])
      it(`fit their boxes in ${lang} at ${size.width}×${size.height}, whichever page is open`, async () => {
        const page = await browser.newPage({ viewport: size });
        try {
          const off: string[] = [];
          for (let current = 0; current < NAMES.length; current++) {
            await page.setContent(shellHtml(words, lang, current));
            off.push(...(await page.evaluate<string[]>(OVERFLOWING)));
          }
          await page.screenshot({ path: artifactPath('e2e', `sidebar-${lang}-${size.width}.png`) });
          expect(off).toEqual([]);
        } finally {
          await page.close();
        }
      });
});

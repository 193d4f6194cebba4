/**
 * What the e2e tour checks on every screen it opens: nothing sticks out sideways in either theme at a laptop's size
 * or a small window's (with a full-page shot of each), and, on a German page, no English word left besides names and
 * model ids. The words the page shows are read as the tour's `PAGE_WORDS` reads them.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createSay, type Say } from '@shared/i18n/say';
import { artifactPath, overflowingElements } from './browser';
import { englishLeft } from './english-left';
import type { PageWords } from './locale-words';
import { fullShot } from './page-layout';
import { LAPTOP, SMALL } from './theme-shots';

/**
 * The words of the page as blocks (one block per element laid out as a block, a table cell, an SVG label) and every
 * tooltip, without foreign text (quoted, `translate="no"`) and machine values (`code`, inputs): those are shown as
 * they were written, whatever the locale. Table columns and chart axes are kept as groups too, since a column reads
 * as one list.
 */
export const PAGE_WORDS = `(() => {
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
  const tooltips = [...document.querySelectorAll('[title], [aria-label]')].filter((e) => !skip(e)).map((e) => norm(e.getAttribute('title') || e.getAttribute('aria-label') || '')).filter(Boolean);
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

/** The tour's two people: one in the United States, one in Germany, each with the host in the same locale. */
export const LOCALES = [
  { locale: 'en-US', env: { LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } },
  { locale: 'de-DE', env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } },
] as const;

/** The catalogue's words in the tour's locale, to find buttons and read sentences as the page says them. */
export const sayIn = (locale: string): Say => createSay(locale.startsWith('de') ? 'de' : 'en', locale);

/** The words the page shows now, kept beside the shots as `<name>.txt`. */
export async function pageWords(page: Page, name: string): Promise<PageWords> {
  const words = await page.evaluate<Omit<PageWords, 'page'>>(PAGE_WORDS);
  writeFileSync(
    artifactPath('e2e', 'tour', `${name}.txt`),
    [...words.blocks, '--- tooltips', ...words.tooltips].join('\n'),
  );
  return { page: name, ...words };
}

/**
 * The screen as it is now in both themes at both sizes: nothing sticking out sideways, a shot of each
 * (`tour/<name>-<theme>-<width>.png`), and in German no English word left. Leaves the page light at the laptop size.
 */
export async function lookEverywhere(
  page: Page,
  name: string,
  locale: string,
  names: readonly string[] = [],
): Promise<PageWords> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(scheme);
    for (const size of [LAPTOP, SMALL]) {
      await page.setViewportSize(size);
      expect.soft(await overflowingElements(page), `${name}, ${scheme} at ${size.width}×${size.height}`).toEqual([]);
      await fullShot(page, `tour/${name}-${scheme}-${size.width}.png`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(LAPTOP);
  const words = await pageWords(page, name);
  if (locale.startsWith('de'))
    expect.soft(englishLeft([...words.blocks, ...words.tooltips], names), `English left on ${name}`).toEqual([]);
  return words;
}

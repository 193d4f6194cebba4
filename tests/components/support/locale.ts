/**
 * A page as a person with another browser language reads it: the renderer takes the person's locale from
 * `navigator.language`, so a test sets it there; and the page's words as `tests/support/locale-words.ts` reads them
 * (its blocks of text, its tooltips and labels, its table columns), without foreign text and machine values.
 */
import { beforeEach, vi } from 'vitest';
import type { PageWords } from '../../support/locale-words';

/** Every test of the file runs with this browser language (setup.ts puts the real one back after each test). */
export function inLocale(tag: string): void {
  beforeEach(() => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue(tag);
  });
}

const MACHINE = 'code, kbd, samp, pre, input, textarea, select, [data-foreign], [translate="no"]';
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The words `root` shows, said, and announces: each element's own text, every tooltip and label, each table's columns.
 */
export function pageWords(page: string, root: Element = document.body): PageWords {
  const blocks: string[] = [];
  const tooltips: string[] = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el.closest(MACHINE) || el.closest('script, style, template')) continue;
    const own = norm(
      [...el.childNodes]
        .filter((n) => n.nodeType === 3)
        .map((n) => n.textContent ?? '')
        .join(''),
    );
    if (own) blocks.push(own);
    for (const attr of ['title', 'aria-label']) {
      const value = el.getAttribute(attr);
      if (value) tooltips.push(norm(value));
    }
  }
  const groups: string[][] = [];
  for (const table of root.querySelectorAll('table')) {
    const columns: string[][] = [];
    for (const row of table.querySelectorAll('tr'))
      [...row.children].forEach((c, i) => (columns[i] ??= []).push(norm(c.textContent ?? '')));
    groups.push(...columns);
  }
  for (const svg of root.querySelectorAll('svg')) {
    const labels = [...svg.querySelectorAll('text')].map((t) => norm(t.textContent ?? ''));
    if (labels.length > 1) groups.push(labels);
  }
  return { page, blocks, tooltips, groups };
}

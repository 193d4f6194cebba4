/**
 * Every number, date, weekday and percentage the page shows goes through the locale helpers (`format.ts`,
 * `locale.ts`): this reads the renderer's source for the ways of formatting by hand that once put "0.288" beside
 * "0,288", "Mon" beside "Do.", "Today" beside German dates and "100%" beside "100 %" on one screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(process.cwd(), 'src-renderer', 'src');

/** The ways of formatting by hand, each with what to use instead. */
const RULES: readonly { what: string; pattern: RegExp; instead: string }[] = [
  { what: 'toFixed', pattern: /\.toFixed\(/, instead: 'formatNumber / formatScore' },
  {
    what: 'toLocale…String',
    pattern: /\.toLocale(Date|Time)?String\(/,
    instead: 'formatCount / formatNumber / formatAt',
  },
  {
    what: 'an Intl formatter without the person’s locale',
    pattern: /new Intl\.(NumberFormat|DateTimeFormat|RelativeTimeFormat|ListFormat)\((undefined\b|\))/,
    instead: 'the helpers of locale.ts, or personLocale()',
  },
  {
    what: 'a weekday written out',
    pattern: /(['"`])(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\1/,
    instead: 'weekdayName / formatDay',
  },
  {
    // "Today" as a heading is a word like any other; in place of a date it stands among dates in another language.
    what: 'an English day word chosen instead of a date',
    pattern:
      /\?\s*(['"`])(Today|Yesterday|Tomorrow)\1|(['"`])(Today|Yesterday|Tomorrow)\3\s*:|`(Today|Yesterday|Tomorrow) \(\$\{/,
    instead: 'todayWord',
  },
  { what: 'a percentage put together by hand', pattern: /\\u00a0%|&nbsp;%|\}\s%|\d\s%['"`]/, instead: 'formatPercent' },
];

/** The source without its comments, which may show examples of what not to do. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every line of the renderer that formats by hand, as "file:line: what (use …)". */
function handFormatting(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const lines = code(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const rule of RULES)
        if (rule.pattern.test(line))
          found.push(`${relative(process.cwd(), file)}:${i + 1}: ${rule.what} (use ${rule.instead}): ${line.trim()}`);
    });
  }
  return found;
}

describe('the renderer formats figures only through the locale helpers', () => {
  it('has no number, date, weekday or percentage formatted by hand', () => {
    expect(handFormatting(sources(ROOT))).toEqual([]);
  });
});

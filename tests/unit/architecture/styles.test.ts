/**
 * One styling system: the global sheet holds only the tokens, the base and the shell; every component's styles sit
 * beside it as a CSS module, and every class a component names exists in the module it names it from (a CSS module
 * answers `undefined` for a class it lacks, which would silently drop the style).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src-renderer/src');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const tsx = files(SRC, /\.tsx?$/);
const rel = (f: string) => relative(SRC, f);

/** The classes a CSS module defines: every `.name` in a selector (comments and declarations left out). */
function moduleClasses(cssFile: string): Set<string> {
  const css = readFileSync(cssFile, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors = css.replace(/\{[^{}]*\}/g, '{}');
  return new Set([...selectors.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]!));
}

describe('styles', () => {
  it('the global sheet is at most 300 lines: tokens, base and the shell', () => {
    const lines = readFileSync(join(SRC, 'styles/app.css'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(300);
    expect(lines).toBeGreaterThan(50);
  });

  it('only the shell names global classes; everything else uses its module', () => {
    const global = tsx
      .filter((f) => !rel(f).startsWith('shell/'))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/className(?:=|:\s*)(?:"([^"]*)"|'([^']*)'|\{\s*'([^']*)'\s*\})/g)].map(
          (m) => `${rel(f)}: ${m[1] ?? m[2] ?? m[3]}`,
        ),
      );
    // In a template literal, what is left outside the `${…}` parts is a global class.
    const inTemplates = tsx
      .filter((f) => !rel(f).startsWith('shell/'))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/className=\{`([^`]*)`\}/g)].map(
          (m) => [f, m[1]!.replace(/\$\{[^}]*\}/g, '').trim()] as const,
        ),
      )
      .filter(([, rest]) => rest !== '')
      .map(([f, rest]) => `${rel(f)}: ${rest}`);
    expect([...global, ...inTemplates]).toEqual([]);
  });

  it('every class a component takes from a module is defined there', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const f of tsx) {
      const text = readFileSync(f, 'utf8');
      for (const [, name, spec] of text.matchAll(/^import (\w+) from '([^']+\.module\.css)';$/gm)) {
        const defined = moduleClasses(resolve(dirname(f), spec!));
        // A message id such as 'common.retry' is a string, not the module's class: a quote before it says so.
        for (const [, cls] of text.matchAll(new RegExp(`(?<![\\w./'"\`])${name}\\.(\\w+)`, 'g'))) {
          checked += 1;
          if (!defined.has(cls!)) missing.push(`${rel(f)}: ${name}.${cls} (${spec})`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('finds a class a module lacks (the check above can fail)', () => {
    const defined = moduleClasses(join(SRC, 'components/ui/Table.module.css'));
    expect(defined.has('table')).toBe(true);
    expect(defined.has('num')).toBe(true);
    expect(defined.has('noSuchClass')).toBe(false);
  });
});

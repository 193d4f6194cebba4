/**
 * One layout for the whole tree: `npm run lint` runs `prettier --check` with the project's `.prettierrc.json` (120
 * columns) and ESLint's `max-len` at the same width for what Prettier leaves alone (comments; strings, patterns and
 * addresses may run over, since breaking them would change them). Each check fires on a deliberately broken source and
 * stays quiet on the same source laid out as the project lays it out.
 */
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILE = resolve(ROOT, 'src-main/engine/laid-out.ts');
const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: FILE });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

async function laidOut(text: string): Promise<boolean> {
  const options = await prettier.resolveConfig(FILE, { editorconfig: true });
  return prettier.check(text, { ...options, filepath: FILE });
}

describe('one layout for the whole tree, checked in npm run lint', () => {
  it('the lint script runs Prettier, and the configuration says 120 columns', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toMatch(/prettier --check/);
    expect(JSON.parse(readFileSync(resolve(ROOT, '.prettierrc.json'), 'utf8'))).toMatchObject({ printWidth: 120 });
  });

  it('a line of code over the width is not laid out; the same code broken as Prettier breaks it is', async () => {
    const prelude = 'declare function add(...n: unknown[]): number;\n';
    const names = Array.from({ length: 20 }, (_, i) => `amount${i}`);
    const decls = `declare const ${names.join(', ')}: number;\n`;
    const wide = `${prelude}${decls}export const total = add(${names.join(', ')});\n`;
    expect(wide.split('\n')[2]!.length).toBeGreaterThan(120);
    expect(await laidOut(wide)).toBe(false);
    const options = await prettier.resolveConfig(FILE);
    const fixed = await prettier.format(wide, { ...options, filepath: FILE });
    expect(await laidOut(fixed)).toBe(true);
    expect(Math.max(...fixed.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120);
  });

  it('a comment line of 121 characters fails max-len; 120 passes; a long string may run over', async () => {
    const comment = (n: number) => `// ${'w'.repeat(n - 3)}\nexport const x = 1;\n`;
    expect(await ruleIds(comment(121))).toEqual(['max-len']);
    expect(await ruleIds(comment(120))).toEqual([]);
    const text = `export const words =\n  '${'s'.repeat(140)}';\n`;
    expect(await ruleIds(text)).toEqual([]);
    expect(await laidOut(text)).toBe(true);
  });
});

/**
 * The size limits `npm run lint` enforces on the sources (eslint.config.js): no file over 350 lines, no class over
 * 350 (a class that long also fills its file), no constructor over 40, no file in the node's centre
 * (`src-main/engine/node/`) over 250. Each limit fires one line past it and stays quiet at it, through the project's
 * own ESLint configuration (the lint script checks the real tree against them).
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/** A class of exactly `classLines` lines whose constructor has exactly `ctorLines` lines, padded to `fileLines`. */
function source(o: { fileLines?: number; classLines?: number; ctorLines?: number }): string {
  const ctorLines = o.ctorLines ?? 3;
  const classLines = o.classLines ?? ctorLines + 2;
  const ctor = ['  constructor() {', ...Array.from({ length: ctorLines - 2 }, (_, i) => `    this.n += ${i};`), '  }'];
  const fields = Array.from({ length: classLines - 3 - ctor.length }, (_, i) => `  f${i} = ${i};`);
  const cls = ['export class Sized {', '  n = 0;', ...fields, ...ctor, '}'];
  const pad = Array.from(
    { length: Math.max(0, (o.fileLines ?? 0) - cls.length) },
    (_, i) => `export const c${i} = ${i};`,
  );
  return `${[...cls, ...pad].join('\n')}\n`;
}

async function ruleIds(text: string, path = 'src-main/engine/sized.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: resolve(ROOT, path) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('size limits in npm run lint', () => {
  it('the helper builds what it says (so each case tests the line it names)', () => {
    expect(source({ fileLines: 351 }).trimEnd().split('\n')).toHaveLength(351);
    const cls = source({ classLines: 351, ctorLines: 41 }).trimEnd().split('\n');
    expect(cls).toHaveLength(351);
    expect(cls.indexOf('  }') - cls.indexOf('  constructor() {') + 1).toBe(41);
  });

  it('a file of 351 lines fails; 350 passes', async () => {
    expect(await ruleIds(source({ fileLines: 351 }))).toEqual(['max-lines']);
    expect(await ruleIds(source({ fileLines: 350 }))).toEqual([]);
  });

  it("a file of 251 lines in the node's centre fails; 250 passes", async () => {
    const inNode = 'src-main/engine/node/sized.ts';
    expect(await ruleIds(source({ fileLines: 251 }), inNode)).toEqual(['max-lines']);
    expect(await ruleIds(source({ fileLines: 250 }), inNode)).toEqual([]);
  });

  it('a class of 351 lines fails; 350 passes', async () => {
    expect(await ruleIds(source({ classLines: 351 }))).toEqual(['size/class-size', 'max-lines']);
    expect(await ruleIds(source({ classLines: 350 }))).toEqual([]);
  });

  it('a constructor of 41 lines fails; 40 passes', async () => {
    expect(await ruleIds(source({ ctorLines: 41 }))).toEqual(['size/class-size']);
    expect(await ruleIds(source({ ctorLines: 40 }))).toEqual([]);
  });
});

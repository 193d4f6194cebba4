/**
 * German is downloaded only by a person who reads German: the first page's JavaScript holds no German message, and
 * the German catalogue is a chunk of its own, loaded on demand. A German message in the first page means some eager
 * import pulled the catalogue in. Like bundle-size.test.ts it reads the built renderer and is skipped without a build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '@shared/i18n/catalogue/en';
import { de } from '@shared/i18n/catalogue/de';
import { rendererInitialJs } from '../../bench/footprint/renderer-size';

const RENDERER = join(process.cwd(), 'out/renderer');
const built = existsSync(join(RENDERER, 'index.html'));

/**
 * German sentences that a minified bundle keeps as they are written: plain ASCII (no character escaped), no ICU
 * arguments, long enough to be unmistakable, and not the same as the English.
 */
const GERMAN = Object.entries(de)
  .filter(([id, text]) => /^[\x20-\x7e]{30,}$/.test(text) && !/[{}<]/.test(text) && en[id as keyof typeof en] !== text)
  .map(([, text]) => text)
  .slice(0, 20);

const read = (files: readonly { file: string }[]) => files.map((f) => readFileSync(join(RENDERER, f.file), 'utf8'));

describe('German in the bundle', () => {
  it('has German sentences to look for', () => {
    expect(GERMAN.length).toBe(20);
  });

  it.skipIf(!built)(
    `the first page's JavaScript holds no German message${built ? '' : ' (skipped: not built)'}`,
    () => {
      const initial = read(rendererInitialJs(RENDERER).files).join('\n');
      expect(GERMAN.filter((text) => initial.includes(text))).toEqual([]);
    },
  );

  it.skipIf(!built)(`a lazy chunk holds them (the check above can fail)${built ? '' : ' (skipped: not built)'}`, () => {
    const lazy = read(rendererInitialJs(RENDERER).lazy).join('\n');
    expect(GERMAN.filter((text) => !lazy.includes(text))).toEqual([]);
  });
});

/**
 * Every word on screen comes from the message catalogue: this reads the page, the shared words, the tray and the
 * engine's sentences for words written in the source instead (`tests/support/visible-literals.ts` says what counts).
 */
import { describe, expect, it } from 'vitest';
import { visibleLiterals, visibleLiteralsUnder } from '../../support/visible-literals';

/** Where words a person reads are made. */
const SCOPE = [
  'src-renderer/src',
  'src-shared/words',
  'src-main/app/tray.ts',
  'src-main/app/tray-lines.ts',
  'src-main/app/tray-menu.ts',
];

describe('words on screen', () => {
  it('come from the catalogue, never from a literal in the source', () => {
    const found = visibleLiteralsUnder(SCOPE).map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)}`);
    expect(found).toEqual([]);
  });

  it('the check itself sees each kind of visible literal', () => {
    const src = [
      'export const A = () => <p>Hello there</p>;',
      'export const B = () => <input placeholder="Your name" />;',
      "export const c = { label: 'Models' };",
      'export const d = (n: number) => `${n} tasks done`;',
      'export const e = () => <p className="x" data-id="a b">{t(\'a.b\')}</p>;',
      "export const f = (k: string) => k === 'Escape';",
    ].join('\n');
    expect(visibleLiterals('x.tsx', src).map((f) => f.text)).toEqual([
      'Hello there',
      'Your name',
      'Models',
      'tasks done',
    ]);
  });
});

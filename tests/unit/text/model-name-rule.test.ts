/**
 * The one rule a model name must pass to be advertised or read from a directory (`src-shared/text/model-name-rule.ts`):
 * the names real servers use pass; control, invisible and markup characters, odd spacing and names over 255 characters
 * fail, each with its fault; a name that passes is exactly what the cleaner shows, so judging and cleaning never
 * disagree about it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanForeignText, countInvisibleChars } from '@shared/text/foreign-text';
import { isSoundModelName, MODEL_NAME_MAX, modelNameFault, soundModelNames } from '@shared/text/model-name-rule';

/** Names as Ollama, LM Studio, vLLM, llama.cpp and Hugging Face write them. */
const REAL = [
  'qwen2.5:7b',
  'llama3.2:3b-instruct-q4_K_M',
  'nomic-embed-text:latest',
  'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
  'mistralai/Mistral-7B-Instruct-v0.3',
  'Qwen/Qwen2.5-7B-Instruct',
  'qwen2.5-7b-instruct-q4_k_m',
  'text-embedding-nomic-embed-text-v1.5',
  'deepseek-r1:671b',
  'gpt-oss:20b',
  'My Model (v2)',
  'Modèle français',
  '通义千问-7B',
  'model@v1+beta',
];

describe('the model name rule', () => {
  it.each(REAL)('%s passes', (name) => {
    expect(modelNameFault(name)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [42, 'empty'],
    [null, 'empty'],
    ['x'.repeat(MODEL_NAME_MAX + 1), 'too_long'],
    ['😀'.repeat(MODEL_NAME_MAX + 1), 'too_long'],
    ['esc\u001b[31mred', 'control'],
    ['nul\u0000byte', 'control'],
    ['line\nbreak', 'control'],
    ['c1\u009bcontrol', 'control'],
    ['line\u2028separator', 'control'],
    ['evil\u202egnp.exe', 'invisible'],
    ['isolate\u2066x\u2069', 'invisible'],
    ['zero\u200bwidth', 'invisible'],
    ['bom\ufeff', 'invisible'],
    ['soft\u00adhyphen', 'invisible'],
    ['tag\u{e0041}', 'invisible'],
    ['private\ue000use', 'invisible'],
    ['lone\ud800surrogate', 'invisible'],
    ['<img src=x onerror=alert(1)>', 'markup'],
    ['a&amp;b', 'markup'],
    ['say "hi"', 'markup'],
    ["o'clock", 'markup'],
    ['code`span', 'markup'],
    [' lead', 'spacing'],
    ['trail ', 'spacing'],
    ['two  spaces', 'spacing'],
    ['no\u00a0break', 'spacing'],
    ['ideographic\u3000space', 'spacing'],
  ] as const)('%j fails: %s', (name, fault) => {
    expect(modelNameFault(name)).toBe(fault);
    expect(isSoundModelName(name)).toBe(false);
  });

  it('counts characters, not UTF-16 units, up to the cap', () => {
    expect(modelNameFault('😀'.repeat(MODEL_NAME_MAX))).toBeNull();
    expect(modelNameFault('x'.repeat(MODEL_NAME_MAX))).toBeNull();
    expect(modelNameFault('x'.repeat(65), 64)).toBe('too_long');
  });

  it('a huge text is too long without being read through', () => {
    expect(modelNameFault(`${'\u202e'.repeat(4 * 1024 * 1024)}x`)).toBe('too_long');
  });

  it('a list keeps the names that pass, in order, once each', () => {
    expect(soundModelNames(['a:1b', 'evil\u202egnp.exe', 7, 'b:2b', 'a:1b', '<b>'])).toEqual(['a:1b', 'b:2b']);
  });

  it('a name that passes is exactly what the cleaner shows: no steering character, no markup, nothing to clean', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(...REAL),
    );
    fc.assert(
      fc.property(text, (name) => {
        if (!isSoundModelName(name)) return;
        expect(cleanForeignText(name, MODEL_NAME_MAX)).toBe(name);
        expect(countInvisibleChars(name)).toBe(0);
        expect(name).not.toMatch(/[<>&"'`]/);
      }),
      { numRuns: 2000 },
    );
  });
});

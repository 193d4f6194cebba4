/**
 * Sentences of the Earnings page that depend on the node's state or on how receipts count. Mirrors
 * src-renderer/src/pages/earnings/earnings-sentences.ts.
 */
import { describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { creditMeaning, differenceNote, probationNotReported } from '@renderer/pages/earnings/earnings-sentences';

const DIFFERENCE_NOTE = differenceNote(english);

describe('probation not reported yet', () => {
  it('a registered node is not told "once it is registered"', () => {
    const w = probationNotReported(english, 'registered');
    expect(w).not.toMatch(/once it is registered/);
    expect(w).toMatch(/^Probation: not reported yet\. Your node is registered;/);
  });

  it('a node that is not registered is', () => {
    for (const link of ['not_configured', 'connecting', 'unreachable', null] as const)
      expect(probationNotReported(english, link)).toMatch(/once your node is registered/);
  });
});

describe('what a credit is', () => {
  it('counts the prompt and the answer together, as receipts do, never "output tokens"', () => {
    const w = creditMeaning(english);
    expect(w).toMatch(/1 credit for every 1,000 tokens a task used — the prompt and the answer together/);
    expect(w).not.toMatch(/output tokens|bigger models earn more/);
  });
});

describe('the difference column', () => {
  it('is said in words, not as a formula', () => {
    expect(DIFFERENCE_NOTE).not.toMatch(/[=−]/);
    expect(DIFFERENCE_NOTE).toMatch(/^Difference is what your node claimed and will not be paid/);
  });
});

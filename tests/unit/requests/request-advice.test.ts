/**
 * The advice under today's answers: each sentence starts with its count, so the verb agrees with it ("1 was",
 * "2 were") — mirrors src-main/engine/requests/request-advice.ts.
 */
import { describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { requestAdvice, type CountedReason } from '@engine/requests/request-advice';

const CTX = { maxConcurrent: 2, maxConcurrentFixed: false, privateModels: [] };
const row = (
  code: string,
  count: number,
  variant = '',
  outcome: CountedReason['outcome'] = 'refused',
): CountedReason => ({ outcome, code, variant, count });
const words = (rows: CountedReason[]) => requestAdvice(rows, CTX).map((a) => english.said(a.words));

describe('counts and verbs agree', () => {
  it('one of a kind: "1 was"', () => {
    expect(words([row('payload_too_large', 1)])).toEqual([
      '1 was larger than this node accepts (8 MB for chat, 4 MB for other tasks).',
    ]);
    expect(words([row('validation_error', 1, 'backend')])).toEqual([
      "1 was refused by your LLM server itself (for example prompts longer than the model's context).",
    ]);
    expect(words([row('IICP-E023', 1)])).toEqual([
      '1 came from websites sending more than 120 tasks a minute, and was slowed down.',
    ]);
    expect(words([row('replayed', 1)])).toEqual([
      '1 was a repeat of a task already seen (a consumer sending the same task again); it was not run twice.',
    ]);
  });

  it('more than one: "2 were"', () => {
    expect(words([row('payload_too_large', 2)])).toEqual([
      '2 were larger than this node accepts (8 MB for chat, 4 MB for other tasks).',
    ]);
    expect(words([row('IICP-E023', 3)])).toEqual([
      '3 came from websites sending more than 120 tasks a minute, and were slowed down.',
    ]);
    expect(words([row('replayed', 2)])).toEqual([
      '2 were repeats of tasks already seen (a consumer sending the same task again); none was run twice.',
    ]);
  });

  it('no sentence anywhere says "1 were"', () => {
    const all = [
      'payload_too_large',
      'IICP-E023',
      'replayed',
      'IICP-E010',
      'intent_not_advertised',
      'backend_unavailable',
      'IICP-E024',
      'task_timeout',
      'backend_error',
    ].map((c) => row(c, 1));
    all.push(row('validation_error', 1, 'backend'), row('IICP-E021', 1, 'full'), row('IICP-E029', 1, 'llama3:70b'));
    for (const w of words(all)) expect(w).not.toMatch(/\b1 were\b/);
  });
});

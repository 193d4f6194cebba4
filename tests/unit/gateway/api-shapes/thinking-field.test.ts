/**
 * Every reader of a model's thinking picks its field by one rule (`thoughtIn`): `reasoning_content` where the server
 * wrote some, else `reasoning`. The node's stream reader, the gateway's whole-answer reader and its stream-piece reader
 * agree, also when a server writes an empty `reasoning_content` beside the thinking in `reasoning`.
 */
import { describe, expect, it } from 'vitest';
import { wholeAnswerFacts } from '@engine/backends/stream-events';
import { readNodeAnswer } from '@engine/gateway/api-shapes/node-answer';
import { readStreamPiece } from '@engine/gateway/api-shapes/stream-piece';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';

const ask = (() => {
  const r = askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  if (!r.ok) throw new Error(r.message);
  return r.ask;
})();

const FIELDS: [string, Record<string, unknown>, string][] = [
  ['llama.cpp', { reasoning_content: 'first', reasoning: undefined }, 'first'],
  ['vLLM ≥ 0.10', { reasoning: 'second' }, 'second'],
  ['an empty reasoning_content beside reasoning', { reasoning_content: '', reasoning: 'second' }, 'second'],
  ['both written', { reasoning_content: 'first', reasoning: 'second' }, 'first'],
  ['none', {}, ''],
];

describe('one rule for the field the thinking is in', () => {
  it.each(FIELDS)('%s', (_, fields, thought) => {
    const message = { role: 'assistant', content: 'Hi', ...fields };
    expect(wholeAnswerFacts({ choices: [{ index: 0, message }] }, false)?.reasoning).toBe(thought);
    const answer = readNodeAnswer(ask, { choices: [{ index: 0, message, finish_reason: 'stop' }] });
    if (!answer.ok || !('choices' in answer.answer)) throw new Error('not a text answer');
    expect(answer.answer.choices[0]!.reasoning).toBe(thought);
    const piece = readStreamPiece(Buffer.from(JSON.stringify({ content: 'Hi', ...fields })));
    expect(piece?.reasoning ?? '').toBe(thought);
    expect(piece?.text).toBe('Hi');
  });
});

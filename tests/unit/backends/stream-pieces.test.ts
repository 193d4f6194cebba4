import { describe, expect, it } from 'vitest';
import { PieceGatherer, type StreamPiece } from '@engine/backends/stream-pieces';
import type { TimerFns } from '@engine/net';

/** A clock the test moves by hand, with the timers that run on it. */
function fakeClock(): { timers: TimerFns; now: () => number; advance: (ms: number) => void; pending: () => number } {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    timers: {
      setTimeout: (fn, ms) => {
        const id = next++;
        due.set(id, { at: now + ms, fn });
        return id;
      },
      clearTimeout: (id) => void due.delete(id as number),
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        due.delete(id);
        t.fn();
      }
    },
    pending: () => due.size,
  };
}

function gatherer(opts: { flushBytes?: number; flushMs?: number } = {}) {
  const clock = fakeClock();
  const sent: StreamPiece[] = [];
  const g = new PieceGatherer({ send: (p) => sent.push(p), timers: clock.timers, now: clock.now, ...opts });
  return { g, sent, clock };
}

describe('PieceGatherer', () => {
  it('puts a reasoning model’s thinking first in a piece, and starts a new piece for thinking after text', () => {
    const { g, sent, clock } = gatherer();
    g.add('', null, 'Let me');
    expect(sent).toEqual([{ text: '', reasoning: 'Let me' }]);
    g.add('', null, ' think.');
    g.add('Hello', null);
    clock.advance(25);
    expect(sent).toEqual([
      { text: '', reasoning: 'Let me' },
      { text: 'Hello', reasoning: ' think.' },
    ]);
    // Thinking after text it was held with would come before it in one piece: it goes in the next one instead.
    g.add(' there', null);
    g.add('', null, 'More?');
    clock.advance(25);
    expect(sent.slice(2)).toEqual([{ text: ' there' }, { text: '', reasoning: 'More?' }]);
  });

  it('sends the first piece at once: the time to the first token is not held back', () => {
    const { g, sent } = gatherer();
    expect(g.sent).toBe(false);
    g.add('Hel', null);
    expect(sent).toEqual([{ text: 'Hel' }]);
    expect(g.sent).toBe(true);
  });

  it('gathers the tokens that come within 25 ms of the last piece and sends them together when the time is up', () => {
    const { g, sent, clock } = gatherer();
    g.add('a', null);
    clock.advance(5);
    g.add('b', null);
    clock.advance(5);
    g.add('c', null);
    expect(sent).toEqual([{ text: 'a' }]);
    clock.advance(14); // 24 ms after the first piece went
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toEqual([{ text: 'a' }, { text: 'bc' }]);
    expect(clock.pending()).toBe(0);
  });

  it('sends as soon as about 256 bytes are held, without waiting for the time', () => {
    const { g, sent, clock } = gatherer();
    g.add('x', null);
    g.add('y'.repeat(200), null);
    expect(sent).toHaveLength(1);
    g.add('z'.repeat(56), null);
    expect(sent).toEqual([{ text: 'x' }, { text: 'y'.repeat(200) + 'z'.repeat(56) }]);
    expect(clock.pending()).toBe(0);
  });

  it('sends a token that comes after a pause at once: a slow model is never held back', () => {
    const { g, sent, clock } = gatherer();
    g.add('one', null);
    clock.advance(40);
    g.add(' two', null);
    expect(sent).toEqual([{ text: 'one' }, { text: ' two' }]);
  });

  it('joins the argument fragments of one tool call, keeps other calls apart, and keeps their order', () => {
    const { g, sent, clock } = gatherer();
    g.add('Let me look.', null);
    g.add('', [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }]);
    g.add('', [{ index: 0, function: { arguments: '{"city":' } }]);
    g.add('', [{ index: 0, function: { arguments: '"Paris"}' } }]);
    g.add('', [{ index: 1, id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } }]);
    clock.advance(25);
    expect(sent).toEqual([
      { text: 'Let me look.' },
      {
        text: '',
        toolCalls: [
          { index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { index: 1, id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      },
    ]);
  });

  it('sends held tool calls before text that came after them, so the text never moves ahead of them', () => {
    const { g, sent, clock } = gatherer();
    g.add('a', null);
    g.add('', [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }]);
    g.add('after', null);
    clock.advance(25);
    expect(sent).toEqual([
      { text: 'a' },
      { text: '', toolCalls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] },
      { text: 'after' },
    ]);
  });

  it('does not change a delta it was given when later fragments join it', () => {
    const { g, clock } = gatherer();
    g.add('a', null);
    const first = { index: 0, id: 'c', function: { name: 'f', arguments: '{' } };
    g.add('', [first]);
    g.add('', [{ index: 0, function: { arguments: '}' } }]);
    clock.advance(25);
    expect(first.function.arguments).toBe('{');
  });

  it('flush() sends what is held at once; stop() drops it and no timer is left', () => {
    const { g, sent, clock } = gatherer();
    g.add('a', null);
    g.add('b', null);
    g.flush();
    expect(sent).toEqual([{ text: 'a' }, { text: 'b' }]);
    g.add('c', null);
    expect(clock.pending()).toBe(1);
    g.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(100);
    g.flush();
    expect(sent).toHaveLength(2);
  });

  it('sends nothing for an empty add', () => {
    const { g, sent, clock } = gatherer();
    g.add('', null);
    g.add('', []);
    clock.advance(100);
    expect(sent).toEqual([]);
    expect(g.sent).toBe(false);
  });
});

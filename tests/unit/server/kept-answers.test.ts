/**
 * The ring of kept answers: what it returns is exactly what was kept, the oldest go first (by bytes, by count and by
 * time), and a wrap at the ring's end never leaves an entry pointing at bytes that were written over.
 */
import { describe, expect, it } from 'vitest';
import { KeptAnswers } from '@engine/server/kept-answers';

describe('kept answers', () => {
  it('gives back the answer for the same print, "different" for another, nothing for an unknown id', () => {
    const k = new KeptAnswers(1024, 1024);
    k.add('t1', '{"task_id":"t1"}', 200, '{"ok":"é"}', 0);
    k.add('t2', Buffer.from([0xff, 0x00]), 502, Buffer.from('raw'), 0);
    k.add('t3', { sha256: 'ab'.repeat(32) }, 200, 'big', 0);
    expect(k.get('t1', '{"task_id":"t1"}')).toEqual({ status: 200, body: '{"ok":"é"}' });
    expect(k.get('t1', '{"task_id":"t1","x":1}')).toBe('different');
    expect(k.get('t2', Buffer.from([0xff, 0x00]))).toEqual({ status: 502, body: Buffer.from('raw') });
    // The same bytes as text are another kind of print.
    expect(k.get('t3', 'ab'.repeat(32))).toBe('different');
    expect(k.get('t3', { sha256: 'ab'.repeat(32) })).toEqual({ status: 200, body: 'big' });
    expect(k.get('t4', 'x')).toBeUndefined();
  });

  it('forgets the oldest first when the bytes run out, and what is kept is always exact, across many wraps', () => {
    const budget = 4096;
    const k = new KeptAnswers(budget, budget, 64);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const added: { id: string; print: string; body: string }[] = [];
    for (let i = 0; i < 5000; i++) {
      const print = `p${i}-${'x'.repeat(rand(200))}`;
      const body = `b${i}-${'y'.repeat(rand(900))}`;
      expect(k.add(`t${i}`, print, 200, body, i)).toBe(true);
      added.push({ id: `t${i}`, print, body });
      // The newest is always kept, and the kept ones are the newest ones, each one exact.
      const kept = added.filter((a) => k.has(a.id));
      expect(kept.at(-1)!.id).toBe(`t${i}`);
      expect(kept.map((a) => a.id)).toEqual(added.slice(added.length - kept.length).map((a) => a.id));
      expect(kept.reduce((n, a) => n + a.print.length + a.body.length, 0)).toBeLessThanOrEqual(budget);
      expect(kept.length).toBeLessThanOrEqual(64);
      for (const a of kept) expect(k.get(a.id, a.print)).toEqual({ status: 200, body: a.body });
      if (added.length > 80) added.shift();
    }
  });

  it('forgets by time, refuses what exceeds the whole budget, and keeps a re-used id once', () => {
    const k = new KeptAnswers(100, 100);
    k.add('old', 'a', 200, 'x', 1_000);
    k.add('new', 'b', 200, 'y', 2_000);
    k.forgetBefore(1_000);
    expect(k.has('old')).toBe(false);
    expect(k.get('new', 'b')).toEqual({ status: 200, body: 'y' });
    expect(k.add('huge', 'p', 200, 'z'.repeat(100), 3_000)).toBe(false);
    expect(k.has('huge')).toBe(false);
    k.add('new', 'c', 201, 'w', 3_000);
    expect(k.get('new', 'c')).toEqual({ status: 201, body: 'w' });
    // Its first entry (bytes 2–3) passes out of the ring without taking the second one (bytes 4–5) with it: 2-byte
    // entries fill bytes 6–99, wrap, and the 49th lands on the first entry's bytes, the 50th on the second's.
    for (let i = 0; i < 49; i++) k.add(`f${i}`, 'p', 200, 'q', 3_000);
    expect(k.get('new', 'c')).toEqual({ status: 201, body: 'w' });
    k.add('f49', 'p', 200, 'q', 3_000);
    expect(k.has('new')).toBe(false);
    k.add('again', 'p', 200, 'once', 4_000);
    k.forgetBefore(3_500);
    expect(k.size).toBe(1);
    expect(k.get('again', 'p')).toEqual({ status: 200, body: 'once' });
  });
});

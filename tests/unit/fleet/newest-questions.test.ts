/**
 * The newest question answered from each machine, by the asker's own numbers: a question not newer than that is a
 * recording played back, however many questions came between, across a restart (a new instance on the same store),
 * and after the machine itself was let go to keep the memory bounded.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ASKERS, NewestQuestions } from '@engine/fleet/newest-questions';
import { memoryShelf } from '../../support/memory-shelf';

const ATTIC = 'node-attic-0002';
const DEN = 'node-den-0003';
const T = 1_780_000_000_000_000;

describe('the newest questions', () => {
  it('takes a question newer than the newest from its machine, and refuses one as new or older', () => {
    const q = new NewestQuestions(memoryShelf());
    expect(q.take(ATTIC, T)).toBe(true);
    expect(q.take(ATTIC, T)).toBe(false);
    expect(q.take(ATTIC, T - 1)).toBe(false);
    expect(q.take(ATTIC, T + 1)).toBe(true);
    // Each machine has its own numbers: another's lower number is no recording of this one's.
    expect(q.take(DEN, T - 5_000_000)).toBe(true);
    expect(q.take(DEN, T - 5_000_000)).toBe(false);
  });

  it('refuses the first question after 1 000 others from its machine and from others: the window is no count', () => {
    const q = new NewestQuestions(memoryShelf());
    expect(q.take(ATTIC, T)).toBe(true);
    for (let i = 1; i <= 1_000; i++) expect(q.take(i % 2 ? ATTIC : DEN, T + i)).toBe(true);
    expect(q.take(ATTIC, T)).toBe(false);
  });

  it('keeps what it took in the store before it says yes: after a restart the same questions are refused', () => {
    const shelf = memoryShelf();
    const q = new NewestQuestions(shelf);
    expect(q.take(ATTIC, T)).toBe(true);
    expect(q.take(DEN, T + 7)).toBe(true);
    const again = new NewestQuestions(shelf);
    expect(again.take(ATTIC, T)).toBe(false);
    expect(again.take(DEN, T + 7)).toBe(false);
    expect(again.take(ATTIC, T + 1)).toBe(true);
  });

  it('takes nothing the store refuses to keep, and says so by throwing', () => {
    const shelf = memoryShelf();
    const q = new NewestQuestions(shelf);
    shelf.failSet = true;
    expect(() => q.take(ATTIC, T)).toThrow(/disk is full/);
    shelf.failSet = false;
    // Not taken: the same question is still new once the store works again.
    expect(q.take(ATTIC, T)).toBe(true);
  });

  it(`remembers at most ${MAX_ASKERS} machines; one let go is still refused its old questions (the floor)`, () => {
    const shelf = memoryShelf();
    const q = new NewestQuestions(shelf);
    // The first machine asks once, then many others ask once each, later (the numbers follow the machines' clocks).
    expect(q.take(ATTIC, T)).toBe(true);
    for (let i = 1; i <= 3 * MAX_ASKERS; i++) expect(q.take(`node-m-${i}`, T + i)).toBe(true);
    const kept = JSON.parse(shelf.values.get('fleet.questions')!) as { newest: [string, number][]; floor: number };
    expect(kept.newest).toHaveLength(MAX_ASKERS);
    expect(kept.newest.some(([id]) => id === ATTIC)).toBe(false);
    expect(kept.floor).toBe(T + 2 * MAX_ASKERS);
    // Let go, and still refused what it asked before; so is a question of any machine numbered below the floor.
    expect(q.take(ATTIC, T)).toBe(false);
    expect(q.take('node-new-0001', T + 1)).toBe(false);
    // Its next question, numbered by its clock as late as the others', is taken.
    expect(q.take(ATTIC, T + 10 * MAX_ASKERS)).toBe(true);
    // After a restart as well.
    expect(new NewestQuestions(shelf).take('node-m-1', T + 1)).toBe(false);
  });

  it('a machine that asks again is remembered longer than one that asked once, long ago', () => {
    const shelf = memoryShelf();
    const q = new NewestQuestions(shelf);
    let n = T;
    expect(q.take(ATTIC, ++n)).toBe(true);
    for (let i = 0; i < 2 * MAX_ASKERS; i++) {
      expect(q.take(`node-m-${i}`, ++n)).toBe(true);
      // A sibling asks at every look: it stays among the remembered.
      expect(q.take(ATTIC, ++n)).toBe(true);
    }
    const kept = JSON.parse(shelf.values.get('fleet.questions')!) as { newest: [string, number][] };
    expect(kept.newest.at(-1)).toEqual([ATTIC, n]);
  });
});

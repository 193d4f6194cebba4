/**
 * Which stretches of time the directory's transaction lists showed whole: the directory lists only its 20 newest
 * rows, so a day's sum of them is its word for that day only when the reads, joined, cover the whole day.
 */
import { describe, expect, it } from 'vitest';
import { addListRead, LISTED_ROWS, listedWhole, readStretches } from '@engine/earnings/list-coverage';

const H = 3_600_000;
const DAY = 24 * H;
/** Row times of a list: `n` rows `step` apart (a minute unless said), the newest at `newest`. */
const rows = (newest: number, n = LISTED_ROWS, step = 60_000) => Array.from({ length: n }, (_, i) => newest - i * step);

describe('the stretches the directory’s lists showed whole', () => {
  it('a list shorter than the directory’s page holds every transaction up to its read', () => {
    const s = addListRead([], 3, rows(10 * H, 3), 10 * H + 5_000);
    expect(s).toEqual([{ from: 0, to: 10 * H + 5_000 }]);
    expect(listedWhole(s, 1, 10 * H)).toBe(true);
    // Not a moment past the read.
    expect(listedWhole(s, 1, 10 * H + 6_000)).toBe(false);
  });

  it('a full list only what came after its oldest row; reads that overlap join, a gap between them does not', () => {
    // A busy day, read at noon and at midnight: each read lists the 20 newest rows only.
    const noon = addListRead([], LISTED_ROWS, rows(12 * H), 12 * H + 1_000);
    const oldestAtNoon = 12 * H - (LISTED_ROWS - 1) * 60_000;
    expect(noon).toEqual([{ from: oldestAtNoon, to: 12 * H + 1_000 }]);
    // The midnight read's oldest row is from late evening: the afternoon was never seen.
    const gap = addListRead(noon, LISTED_ROWS, rows(DAY - 60_000), DAY);
    expect(gap).toHaveLength(2);
    expect(listedWhole(gap, 12 * H, DAY)).toBe(false);
    // A read at six whose list reaches back before noon closes the gap with both.
    const sixish = addListRead(gap, LISTED_ROWS, rows(18 * H, LISTED_ROWS, 20 * 60_000), 18 * H);
    expect(listedWhole(sixish, 12 * H, DAY)).toBe(false); // 18:00 to the evening's oldest row is still unseen
    const evening = addListRead(sixish, LISTED_ROWS, rows(DAY - 300_000, LISTED_ROWS, 20 * 60_000), DAY - 300_000);
    // Its oldest row (11:40) is older than the noon read's: the joined stretch starts there.
    expect(evening).toEqual([{ from: 18 * H - (LISTED_ROWS - 1) * 20 * 60_000, to: DAY }]);
    expect(listedWhole(evening, 12 * H, DAY)).toBe(true);
    expect(listedWhole(evening, 11 * H, DAY)).toBe(false);
    // A list that holds everything there is (a quiet node) covers the day from its start.
    const quiet = addListRead([], 5, rows(DAY - H, 5), DAY + H);
    expect(listedWhole(quiet, 1, DAY)).toBe(true);
  });

  it('a row whose time could not be read leaves the list’s reach unknown, and stored nonsense reads as nothing', () => {
    expect(addListRead([], 3, [NaN, 5 * H, 4 * H], 6 * H)).toEqual([]);
    expect(readStretches('x')).toEqual([]);
    expect(readStretches([{ from: 1, to: 2 }, { from: 'a' }, null])).toEqual([{ from: 1, to: 2 }]);
  });
});

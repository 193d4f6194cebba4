/**
 * Whether a JSON text is flat enough that `JSON.parse` reads it in time linear in its length: at most `opens` opening
 * brackets (`{`, `[`) and at most `commas` commas, counted everywhere, inside strings too. Such a text nests at most
 * `opens` deep and holds a handful of values, where V8 takes time with the square of the depth on deep text (a 190 KB
 * run of `[` held the loop for 25 ms) and builds an object per member of a wide one.
 *
 * A fleet message has a fixed, flat shape, so both counts are known, and a stranger's bytes are judged by them before
 * any parse. Counting with `indexOf` costs about a microsecond for the largest request, where the streaming shape scan
 * (../net/json-shape.ts, made for bodies read in pieces) costs tens with the text turned into bytes first: a flood of
 * sealed-looking requests would pay that each time.
 */
export function flatJson(text: string, limits: { opens: number; commas: number }): boolean {
  return (
    occurrences(text, '{', limits.opens) + occurrences(text, '[', limits.opens) <= limits.opens &&
    occurrences(text, ',', limits.commas) <= limits.commas
  );
}

/** How often `char` occurs in `text`, counting no further than one past `max`. */
function occurrences(text: string, char: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n <= max; i = text.indexOf(char, i + 1)) n++;
  return n;
}

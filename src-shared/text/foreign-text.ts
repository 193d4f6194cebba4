/**
 * Text the node did not write — a model name a consumer chose, a directory's refusal, a relay's status code — reaches
 * the screen, the logs and the CSV export only through `cleanForeignText`, and is shown as quoted data, never spliced
 * into our own sentences as if we said it. Shared by the engine (where such text enters) and the renderer (which
 * cleans once more before showing, so text stored by an older version is safe too).
 */
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';

/** What a foreign text is cut to unless a caller asks for less: enough for any model name or refusal. */
export const FOREIGN_TEXT_MAX_CHARS = 200;

/** The mark put where a text was cut, so nobody takes the cut text for the whole. */
const CUT_MARK = '…';

/**
 * Terminal escape sequences as a whole (CSI `ESC [ … m`, OSC `ESC ] … BEL`, and two-character escapes), so no
 * `[31m` is left behind once the escape character itself is gone. The 8-bit CSI (U+009B) too.
 */
const ANSI_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;

/**
 * Every character that steers how text is shown instead of being shown: C0 and C1 controls and DEL (`Cc`), format
 * characters (`Cf`: the bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks U+200E/200F
 * and U+061C, zero-width spaces and joiners, the BOM, soft hyphens, tag characters), lone surrogates (`Cs`), private
 * use (`Co`), and the line and paragraph separators (which some readers take for new lines).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]+/gu;

/** What `INVISIBLE` matches, one at a time (for counting what would reach a screen). */
const ONE_INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]/gu;

/**
 * A foreign text made safe to show as data: terminal escapes and invisible characters removed (a control character
 * between two words becomes a space), runs of white space collapsed to one space, trimmed, and cut to `maxChars`
 * code points (a cut text ends in "…"). Anything that is not a string becomes ''. Cleaning a clean text changes
 * nothing, so every layer may clean again.
 */
export function cleanForeignText(text: unknown, maxChars: number = FOREIGN_TEXT_MAX_CHARS): string {
  if (typeof text !== 'string' || text === '') return '';
  // A huge text is cut first (with room for what cleaning removes), so cleaning costs a bounded amount of work.
  const bounded = text.length > maxChars * 8 + 64 ? text.slice(0, maxChars * 8 + 64) : text;
  const out = withoutSteering(bounded).replace(/\s+/g, ' ').trim();
  const chars = Array.from(out);
  if (chars.length <= maxChars) return out;
  return `${chars
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}${CUT_MARK}`;
}

/**
 * Only the removal part of `cleanForeignText`, for a text that keeps its length and spacing (a log line): terminal
 * escapes and control characters become a space (a control character often separates words: a tab, a new line),
 * format characters are dropped (they sit inside words).
 */
export function withoutSteering(text: string): string {
  return (
    text
      .replace(ANSI_SEQUENCE, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(INVISIBLE, '')
  );
}

/**
 * Only the invisible characters removed, nothing put in their place: for a name, where a control character sits
 * inside the word it disguises ("ste\u0000am" is "steam").
 */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** `cleanForeignText`, keeping null (and turning an absent or empty text into null). */
export function cleanForeignTextOrNull(text: unknown, maxChars: number = FOREIGN_TEXT_MAX_CHARS): string | null {
  const out = cleanForeignText(text, maxChars);
  return out === '' ? null : out;
}

/**
 * A foreign text as a quotation inside a plain-text line (a log line, a tray tooltip, a CSV cell, an error
 * sentence): cleaned, then put in typographic quotes so a reader sees where our words end and the quoted ones begin.
 */
export function quoteForeignText(text: unknown, maxChars: number = FOREIGN_TEXT_MAX_CHARS): string {
  // The language's own quotation marks: “…” in English, „…“ in German.
  const t = sayNow();
  return `${t('common.quote.open')}${cleanForeignText(text, maxChars)}${t('common.quote.close')}`;
}

/**
 * The same, as part of a sentence the engine makes (a `Said`): quoted when the sentence is said, so a German page shows
 * „…“ around a name even when an English-speaking process made the sentence.
 */
export function quotedSaid(text: unknown, maxChars: number = FOREIGN_TEXT_MAX_CHARS): Said {
  return said('common.quoted', { text: cleanForeignText(text, maxChars) });
}

/** How many characters of `text` steer its display (controls, escapes, bidi and other format characters). */
export function countInvisibleChars(text: string): number {
  return (text.match(ONE_INVISIBLE) ?? []).length;
}

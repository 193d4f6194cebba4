/**
 * The one rule a model name must pass to be advertised (what an LLM server lists, before REGISTER, heartbeats and
 * `/iicp/health` carry it) and to be read from a directory (what another node advertised, before a page, a command's
 * answer or an app's model list carries it). A name is something the node matches, asks for and acts on (a task is
 * routed by it, a gateway request sent for it, a model pulled by it), so a name that fails is left out whole: it is
 * never cleaned into another name, which would be a name nobody listed. Cleaning is for text shown as data
 * (`foreign-text.ts`); judging is this. Why each character class is out: docs/adr/0024-one-rule-for-model-names.md.
 *
 * A name that passes is unchanged by `cleanForeignText` (up to its length cut), so a page that cleans it again shows
 * exactly the name that was judged.
 */

/**
 * Longest model name in characters (code points, as PHP's `max:` counts them): the production directory's own cap on
 * a capability's `models[]` item at REGISTER. A heartbeat's `health_models[]` item and discover's `model` query are
 * capped at 128; the node publishes longer names of its servers shortened with a hash (`backends/model-names.ts`).
 */
export const MODEL_NAME_MAX = 255;

/**
 * Why a name fails the rule:
 * - `empty`: not a text, or nothing but white space;
 * - `too_long`: more than `MODEL_NAME_MAX` characters;
 * - `control`: a control character (C0, C1, DEL: terminal escapes start with one) or a line or paragraph separator;
 * - `invisible`: a character that is not shown or steers how text is shown (format characters such as bidi overrides
 *   and isolates, zero-width spaces and joiners, the BOM, soft hyphens, tag characters; lone surrogates; private use);
 * - `markup`: a character that opens a tag or an entity, or ends a quoted attribute or a code span, in the HTML and
 *   Markdown another program may put the name into (`< > & " '` and the backtick);
 * - `spacing`: white space at the start or the end, two in a row, or any but the plain space.
 */
export type ModelNameFault = 'empty' | 'too_long' | 'control' | 'invisible' | 'markup' | 'spacing';

/** Every fault, in the order the rule checks them. */
export const MODEL_NAME_FAULTS: readonly ModelNameFault[] = [
  'empty',
  'too_long',
  'control',
  'invisible',
  'markup',
  'spacing',
];

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Co}]/u;
const MARKUP = /[<>&"'`]/;
const SPACING = /^\s|\s$|\s\s|[^\S ]/u;

/** What is wrong with `name` as a model name, or null when it passes. */
export function modelNameFault(name: unknown, max: number = MODEL_NAME_MAX): ModelNameFault | null {
  if (typeof name !== 'string' || name.trim() === '') return 'empty';
  // A code point takes at most two UTF-16 units: past twice the cap the name is too long without counting, so a huge
  // text costs no more than a short one.
  if (name.length > max * 2 || codePoints(name) > max) return 'too_long';
  if (CONTROL.test(name)) return 'control';
  if (INVISIBLE.test(name)) return 'invisible';
  if (MARKUP.test(name)) return 'markup';
  if (SPACING.test(name)) return 'spacing';
  return null;
}

/** Whether `name` passes the rule (at most `max` characters). */
export function isSoundModelName(name: unknown, max: number = MODEL_NAME_MAX): name is string {
  return modelNameFault(name, max) === null;
}

/** The names of a list that pass the rule, in its order, each once; what is not a text or fails is left out. */
export function soundModelNames(list: readonly unknown[], max: number = MODEL_NAME_MAX): string[] {
  const out = new Set<string>();
  for (const name of list) if (isSoundModelName(name, max)) out.add(name);
  return [...out];
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

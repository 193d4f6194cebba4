/**
 * Names that belong to the person and are known by value: the programs they run, their user name and this computer's
 * name. A bundle or a saved log must not carry them, wherever they stand: in a sentence we wrote around a quoted name,
 * in an event's details, in a URL's host, in a path, in a key.
 *
 * A program's name is often an ordinary word ("code", "steam", "java"): masking such a word everywhere would blot out
 * the text that explains a problem. So a name is masked:
 * - always where it is the program: quoted (“code”, also cut short as “Cyberpunk20…”), a whole path segment
 *   (`/usr/bin/code`, `\code.exe`, `Code.app`), and in the fields known to hold names (see `Redactor`'s `fields`);
 * - anywhere else as a whole word (case-insensitive, never inside a longer word) only when it is long enough to be
 *   unlikely as a word: programs from {@link BARE_MIN.program} characters, the user and computer names from
 *   {@link BARE_MIN.user} (those are not words a log uses for something else).
 */
import { cleanForeignText } from '@shared/text/foreign-text';

export type PrivateNameKind = 'program' | 'machine' | 'user' | 'host';

export interface PrivateNames {
  /** Programs the person runs: their owner-first list, what the watcher yielded to. */
  programs?: readonly (string | null | undefined)[];
  /** This user's account name (`os.userInfo().username`). */
  user?: string | null;
  /** This computer's name (`os.hostname()`); its first label is masked too. */
  host?: string | null;
  /**
   * The names the person gave their machines (this computer's and the others' on their list): they say whose they are.
   */
  machines?: readonly (string | null | undefined)[];
}

/** The shortest name masked as a bare word, by kind; shorter names only where they are the program (see above). */
export const BARE_MIN: Readonly<Record<PrivateNameKind, number>> = { program: 6, machine: 3, user: 3, host: 3 };

/** The longest name looked for (a program's name is capped at 128 characters where it is read). */
const MAX_NAME = 256;
/** Host names that say nothing about this computer. */
const GENERIC_HOSTS = new Set(['localhost', 'localhost.localdomain', 'local']);

/** `s` as a literal inside a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = String.raw`[\p{L}\p{N}_]`;
const WORD_CHAR = new RegExp(WORD, 'u');

interface Known {
  /** A spelling, lower case. */
  value: string;
  kind: PrivateNameKind;
  /** Long enough to be masked as a bare word. */
  bare: boolean;
}

/** The masks for one set of names found in a text. */
interface Patterns {
  quoted: RegExp;
  segment: RegExp;
  bare: RegExp | null;
}

/** Names are found by their first two characters before any pattern runs: most texts hold none, and cost one scan. */
const keyAt = (text: string, i: number) => (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
/** Pattern sets kept for the name combinations met so far (a bundle meets a handful). */
const MAX_CACHED = 64;

export class PrivateNameMask {
  private readonly byValue = new Map<string, Known>();
  /** Spellings by their first two characters (`keyAt`), then by length; one-character ones apart. */
  private readonly byKey = new Map<number, Map<number, Map<string, Known>>>();
  private readonly short: Known[] = [];
  private readonly patterns = new Map<string, Patterns>();

  constructor(names: PrivateNames = {}) {
    const all: { value: string; kind: PrivateNameKind }[] = [];
    for (const p of names.programs ?? []) for (const v of programSpellings(p)) all.push({ value: v, kind: 'program' });
    for (const m of names.machines ?? []) if (m) for (const v of spellings(m)) all.push({ value: v, kind: 'machine' });
    if (names.user) for (const v of spellings(names.user)) all.push({ value: v, kind: 'user' });
    if (names.host && !GENERIC_HOSTS.has(names.host.toLowerCase())) {
      const first = names.host.split('.')[0] ?? '';
      for (const v of new Set([
        ...spellings(names.host),
        ...(first && !GENERIC_HOSTS.has(first.toLowerCase()) ? spellings(first) : []),
      ]))
        all.push({ value: v, kind: 'host' });
    }
    // Programs come first in `all`, then machines: the user's and the computer's names win over either of the same
    // name.
    for (const { value, kind } of all) {
      const lower = value.toLowerCase();
      this.byValue.set(lower, {
        value: lower,
        kind,
        bare: [...value].length >= BARE_MIN[kind] || this.byValue.get(lower)?.bare === true,
      });
    }
    for (const k of this.byValue.values()) {
      if (k.value.length < 2) {
        this.short.push(k);
        continue;
      }
      const key = keyAt(k.value, 0);
      const byLength = this.byKey.get(key) ?? new Map<number, Map<string, Known>>();
      this.byKey.set(key, byLength);
      const same = byLength.get(k.value.length) ?? new Map<string, Known>();
      byLength.set(k.value.length, same.set(k.value, k));
    }
  }

  /** Whether there is any name to look for. */
  get empty(): boolean {
    return this.byValue.size === 0;
  }

  /** Whether `text` holds a name that would be masked as a bare word (a kept value must not hide one). */
  holdsBare(text: string): boolean {
    const found = this.found(text.toLowerCase());
    const bare = found.length ? this.patternsFor(found).bare : null;
    if (!bare) return false;
    bare.lastIndex = 0;
    return bare.test(text);
  }

  /** The text with every known name masked as `[redacted:<kind>]`. */
  mask(text: string): string {
    if (this.empty || text === '') return text;
    const lower = text.toLowerCase();
    let out = text;
    const found = this.found(lower);
    if (found.length) {
      const p = this.patternsFor(found);
      out = out.replace(p.quoted, (_m, before: string, name: string) => `${before}${this.label(name)}`);
      out = out.replace(p.segment, (_m, before: string, name: string) => `${before}${this.label(name)}`);
      // The word's start is checked here rather than by a look-behind, which would run at every position.
      if (p.bare)
        out = out.replace(p.bare, (m: string, at: number, whole: string) =>
          WORD_CHAR.test([...whole.slice(Math.max(0, at - 2), at)].at(-1) ?? '') ? m : this.label(m),
        );
    }
    // A name cut short for a menu line: “Cyberpunk20…” is the start of a known name, quoted and marked as cut.
    if (lower.includes('…”')) {
      out = out.replace(/“([^“”\n]{1,300})…”/g, (m, cut: string) => {
        const start = cut.toLowerCase();
        for (const k of this.byValue.values()) if (k.value.startsWith(start)) return `“[redacted:${k.kind}]”`;
        return m;
      });
    }
    return out;
  }

  /** The spellings that occur in `lower` (the text in lower case), found by one scan of it. */
  private found(lower: string): Known[] {
    const hits = new Set<Known>();
    for (let i = 0; i + 2 <= lower.length; i++) {
      const byLength = this.byKey.get(keyAt(lower, i));
      if (!byLength) continue;
      for (const [length, same] of byLength) {
        const k = same.get(lower.slice(i, i + length));
        if (k) hits.add(k);
      }
    }
    for (const k of this.short) if (lower.includes(k.value)) hits.add(k);
    return [...hits];
  }

  private patternsFor(found: readonly Known[]): Patterns {
    const id = found
      .map((k) => k.value)
      .sort()
      .join('\u0000');
    const cached = this.patterns.get(id);
    if (cached) return cached;
    const alternatives = (ks: readonly Known[]) =>
      ks
        .map((k) => k.value)
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|');
    const every = alternatives(found);
    const bare = found.filter((k) => k.bare);
    const p: Patterns = {
      // Quoted, or a whole path segment (with the file's or the bundle's ending), whatever its length.
      quoted: new RegExp(String.raw`([“"‘'])((?:${every})(?:\.exe)?)(?=[”"’'])`, 'giu'),
      segment: new RegExp(String.raw`([\\/])((?:${every})(?:\.exe|\.app)?)(?=$|[\\/\s"'<>)\],;:])`, 'giu'),
      bare: bare.length ? new RegExp(`(?:${alternatives(bare)})(?!${WORD})`, 'giu') : null,
    };
    if (this.patterns.size >= MAX_CACHED) this.patterns.clear();
    this.patterns.set(id, p);
    return p;
  }

  private label(match: string): string {
    const lower = match.toLowerCase();
    const kind =
      this.byValue.get(lower)?.kind ?? this.byValue.get(lower.replace(/\.(?:exe|app)$/, ''))?.kind ?? 'program';
    return `[redacted:${kind}]`;
  }
}

/** A name as stored, as shown (cleaned), and as written into event details (URL-encoded, or escaped in quotes). */
function spellings(raw: string): string[] {
  const name = raw.slice(0, MAX_NAME);
  const shown = cleanForeignText(name, MAX_NAME);
  const out = new Set([name.trim(), shown]);
  for (const s of [...out]) {
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out.add(encoded);
    // A log line quotes a machine's name as a JSON string (`name="Ana \"big\" laptop"`).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out.add(escaped);
  }
  return [...out].filter((s) => s.length > 0);
}

/** A program's spellings, also without the ".exe" a picked name matches regardless of (`steam` is `Steam.exe`). */
function programSpellings(raw: string | null | undefined): string[] {
  if (typeof raw !== 'string') return [];
  const base = spellings(raw);
  return [...new Set([...base, ...base.map((s) => s.replace(/\.exe$/i, ''))])].filter((s) => s.length > 0);
}

/**
 * A running program's name as the person sees it, and the one rule that says whether two names are the same program.
 * Every name here is foreign text (it came from the kernel, `ps` or `tasklist`): it is cleaned of characters that
 * could hide or reorder what is shown, and capped. Names of running programs never leave this computer.
 */
import { withoutInvisible } from '@shared/text/foreign-text';
import { MAX_NAME_CHARS } from '../gpu/gpu-sample';

/**
 * The longest name kept, in UTF-16 units: the limit the node's message checks apply to names (owner-wire.ts), so a
 * name that passes here also passes there.
 */
export const MAX_PROGRAM_NAME_CHARS = MAX_NAME_CHARS;

/** A name is cut to this much before it is cleaned, so a huge one costs a bounded amount of work. */
const MAX_RAW_CHARS = 4 * MAX_PROGRAM_NAME_CHARS;

/** Both separators, whatever the platform: Wine games on Linux report Windows paths ("C:\Games\x.exe"). */
const PATH_SEPARATORS = /[/\\]/;

/**
 * The program's name from an executable's path or a bare name:
 * - the base name of the path, with either separator (`/usr/bin/steam` → `steam`,
 *   `C:\Games\Cyberpunk 2077\bin\x64\Cyberpunk2077.exe` → `Cyberpunk2077.exe`);
 * - on macOS, an app's own executable (`<Name>.app/Contents/MacOS/<file>`) is named after its bundle, the name the
 *   person sees in the Dock and Finder (`/Applications/Steam.app/Contents/MacOS/steam_osx` → `Steam`). The innermost
 *   bundle wins, so helper apps keep their own names (`LM Studio Helper (GPU)`). Tools a bundle keeps elsewhere
 *   (`Ollama.app/Contents/Resources/ollama`) are not the app the person opened and keep their file name;
 * - control and bidirectional characters removed, spaces trimmed, at most {@link MAX_PROGRAM_NAME_CHARS}.
 * Returns '' when nothing is left.
 */
export function programName(raw: string): string {
  const parts = withoutInvisible(raw.slice(-MAX_RAW_CHARS)).split(PATH_SEPARATORS);
  const nonEmpty = parts.map((p) => p.trim()).filter((p) => p.length > 0);
  return cleanName(bundleName(nonEmpty) ?? nonEmpty.at(-1) ?? '');
}

/**
 * Foreign text that is a name but not a path (a window's class, a GPU's product name): control and format characters
 * removed (a newline would split a list line; bidi marks can make "exe.evil" read as "live.exe"; a byte-order mark
 * makes equal-looking names differ), trimmed, capped.
 */
export function cleanName(text: string): string {
  return capLength(withoutInvisible(text.slice(0, MAX_RAW_CHARS)).trim(), MAX_PROGRAM_NAME_CHARS).trim();
}

/** `…/<Name>.app/Contents/MacOS/<file>` → `Name`; null for any other path. */
function bundleName(parts: readonly string[]): string | null {
  const n = parts.length;
  if (n < 4 || parts[n - 2] !== 'MacOS' || parts[n - 3] !== 'Contents') return null;
  const bundle = parts[n - 4]!;
  if (!/\.app$/i.test(bundle)) return null;
  const name = bundle.slice(0, -'.app'.length).trim();
  return name.length > 0 ? name : null;
}

/** Cuts to `max` UTF-16 units without leaving half of a surrogate pair (an emoji) at the end. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * The key two names are compared by, the same on every platform: the program's name (as above), Unicode-normalised,
 * in lower case, with one trailing ".exe" dropped. So a name picked on one computer matches the same program on
 * another, however the OS spells it: "steam", "Steam.exe" and "STEAM" are one program. Linux tells case apart, but two
 * programs whose names differ only in case are rare enough that one predictable rule is worth more. There is no
 * prefix or partial matching: "steam" does not match "steamwebhelper".
 */
export function programKey(raw: string): string {
  const lower = programName(raw).normalize('NFC').toLowerCase();
  return lower.endsWith('.exe') ? lower.slice(0, -'.exe'.length) : lower;
}

/** Whether two names are the same program under {@link programKey}. An empty name matches nothing. */
export function sameProgram(a: string, b: string): boolean {
  const key = programKey(a);
  return key.length > 0 && key === programKey(b);
}

/**
 * Finds words a person would read that are written in the source instead of coming from the message catalogue: JSX
 * text with a letter in it, a JSX attribute that reads as words, and any string or template literal that reads as
 * words (two words, or one capitalised). Names (brands, programs, protocols) and technical tokens are let through by
 * the lists below; a literal that is truly not shown can be marked on the line before with
 * `// not-shown: <why>`. Run it on a folder to get the list: `npx tsx tests/support/visible-literals.ts <dir>…`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface VisibleLiteral {
  file: string;
  line: number;
  text: string;
}

/** Names and marks that stay as they are in every language. */
export const NAMES = new Set([
  'IICP',
  'IICP Provider',
  'IICP-CX',
  'Ollama',
  'LM Studio',
  'vLLM',
  'llama.cpp',
  'llama-server',
  'Speaches',
  'Kokoro',
  'LocalAI',
  'OpenAI',
  'Anthropic',
  'NVIDIA',
  'AMD',
  'GitHub',
  'Tailscale',
  'Tailscale Funnel',
  'ngrok',
  'Cloudflare',
  'UPnP',
  'NAT-PMP',
  'PCP',
  'IPv4',
  'IPv6',
  'HTTP',
  'HTTPS',
  'JSON',
  'CSV',
  'URL',
  'API',
  'GPU',
  'CPU',
  'VRAM',
  'RAM',
  'LLM',
  'OK',
  'Codex',
  'Linux',
  'Windows',
  'macOS',
  'Ed25519',
  'ISO',
  'UTC',
  'kWh',
  'W',
  'EUR',
  'USD',
  'Claude Code',
  'Continue',
  'Open WebUI',
  // Each language the app speaks, named in itself (Settings' language choice).
  'English',
  'Deutsch',
]);

/** Tokens the code compares against or hands to the browser, never shown as words. */
const TOKENS = new Set([
  'Escape',
  'Enter',
  'Tab',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'Space',
  'Shift',
  'Control',
  'Meta',
  'Alt',
  'Backspace',
  'Delete',
  'PageUp',
  'PageDown',
  'Content-Type',
  'Authorization',
  'Bearer',
  'Accept',
  'Retry-After',
  'Origin',
  'Host',
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'Infinity',
  'NaN',
  'Error',
  'Function',
]);

/** JSX attributes that never hold words. */
const TECHNICAL_ATTRS =
  /^(className|id|htmlFor|type|role|name|href|rel|target|key|autoComplete|inputMode|lang|dir|method|pattern|step|min|max|accept|tabIndex|form|viewBox|d|fill|stroke|xmlns|points|transform|textAnchor|dominantBaseline|preserveAspectRatio|strokeWidth|strokeLinecap|strokeLinejoin|spellCheck|autoCapitalize|enterKeyHint|scope|src|to|route|variant|tone|kind|size|icon|align|as|mode|testid)$|^(data|aria-(live|hidden|controls|describedby|labelledby|current|haspopup|sort|autocomplete|orientation|expanded|pressed|selected|checked|busy|modal|invalid|required|disabled|level|owns|atomic|relevant))(-|$)/;

const LETTER = /\p{L}/u;
const TWO_WORDS = /\p{L}{2,}[,;:!?’']?\s+\p{L}{2,}/u;
const CAPITALISED = /^\p{Lu}\p{Ll}{2,}/u;

function looksLikeWords(text: string): boolean {
  const t = text.trim();
  if (!t || NAMES.has(t) || TOKENS.has(t)) return false;
  if (/^[a-z0-9_.:/-]+$/.test(t)) return false; // ids, paths, CSS names, message ids
  if (/var\(|\bpx\b|^#|^\(|^@|^\.|^-|^\[|^https?:|^[\w-]+=/.test(t)) return false; // CSS, selectors, URLs, queries
  return TWO_WORDS.test(t) || CAPITALISED.test(t);
}

function isMarked(source: ts.SourceFile, node: ts.Node): boolean {
  const lineStart = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const lines = source.text.split('\n');
  for (let l = lineStart; l >= Math.max(0, lineStart - 2); l--) if (/\/\/ not-shown:/.test(lines[l] ?? '')) return true;
  return false;
}

/** Whether a literal sits where text is not shown: imports, types, keys, comparisons, errors thrown, console. */
function isNotShown(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p)) return true;
  if (ts.isPropertyAssignment(p) && p.name === node) return true;
  if (ts.isElementAccessExpression(p)) return true;
  if (ts.isBinaryExpression(p) && /^(===|!==|==|!=)$/.test(p.operatorToken.getText())) return true;
  if (ts.isCaseClause(p)) return true;
  if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText())) return true;
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText();
    if (
      /^console\.|querySelector|matchMedia|getElementById|addEventListener|removeEventListener|^t$|^t\.|^say|\.said$|^said$|^require$|^import$/.test(
        callee,
      )
    )
      return true;
  }
  return false;
}

export function visibleLiterals(file: string, text: string): VisibleLiteral[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: VisibleLiteral[] = [];
  const add = (node: ts.Node, t: string) => {
    if (isMarked(source, node)) return;
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      text: t.trim().slice(0, 80),
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      const t = node.getText(source).replace(/\s+/g, ' ').trim();
      if (LETTER.test(t) && !NAMES.has(t)) add(node, t);
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(source);
      const init = node.initializer;
      if (init && ts.isStringLiteral(init) && !TECHNICAL_ATTRS.test(name) && looksLikeWords(init.text))
        add(init, init.text);
      if (init && !ts.isStringLiteral(init)) ts.forEachChild(node, visit);
      return;
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isJsxAttribute(node.parent)
    ) {
      if (looksLikeWords(node.text) && !isNotShown(node)) add(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const words = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (looksLikeWords(words) && !isNotShown(node)) add(node, words);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every source file under the given files or folders. */
export function sourcesUnder(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (/\.tsx?$/.test(p) && !/\.d\.ts$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out.sort();
}

export function visibleLiteralsUnder(paths: readonly string[]): VisibleLiteral[] {
  return sourcesUnder(paths).flatMap((f) => visibleLiterals(relative(process.cwd(), f), readFileSync(f, 'utf8')));
}

if (process.argv[1] && /visible-literals\.ts$/.test(process.argv[1])) {
  const found = visibleLiteralsUnder(process.argv.slice(2));
  for (const f of found) console.log(`${f.file}:${f.line}  ${JSON.stringify(f.text)}`);
  console.log(`${found.length} visible literals`);
}

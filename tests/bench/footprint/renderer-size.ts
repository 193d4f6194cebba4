/**
 * The renderer's initial JavaScript: what a browser (or Electron's window) must download and run before the
 * dashboard can show anything. That is every script `index.html` loads (`<script src>`), every
 * `<link rel="modulepreload">`, and, transitively, every chunk those import statically (`import … from`,
 * `import "…"`, `export … from`). Chunks reached only through dynamic `import("…")` load later (lazy
 * pages) and are not counted. Sizes are raw bytes and gzip at zlib's default level (6), as a web server
 * would send them. Used by the footprint bench and by tests/unit/renderer/bundle-size.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const RENDERER_INITIAL_JS_TARGET_BYTES = 300 * 1024;

export interface SizedFile {
  /** Path relative to the renderer folder. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialJs {
  files: SizedFile[];
  bytes: number;
  gzipBytes: number;
  /** Stylesheets index.html links (not part of the JS figure; shown for information). */
  css: SizedFile[];
  /** JS files in the build that are not initial (lazy chunks). */
  lazy: SizedFile[];
}

const SCRIPT_SRC = /<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>/gi;
const LINK = /<link\b[^>]*>/gi;
const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i');
/** Static imports in (minified) ES module code; `import(` (dynamic) has a parenthesis and does not match. */
const STATIC_IMPORT = /\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\s*["'](\.{1,2}\/[^"']+)["']/g;

function sized(root: string, path: string): SizedFile {
  const content = readFileSync(path);
  return { file: relative(root, path), bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** Local file a reference in index.html points to, or null for external/data URLs. */
function local(root: string, ref: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return null;
  return resolve(root, ref.split(/[?#]/)[0]!.replace(/^\//, ''));
}

/** Throws if `rendererDir/index.html` does not exist (build first). */
export function rendererInitialJs(rendererDir: string): InitialJs {
  const root = resolve(rendererDir);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`${indexPath} does not exist: run \`npm run build\` first`);
  const html = readFileSync(indexPath, 'utf8');
  const entries: string[] = [];
  const css: string[] = [];
  for (const m of html.matchAll(SCRIPT_SRC)) {
    const p = local(root, m[1]!);
    if (p) entries.push(p);
  }
  for (const m of html.matchAll(LINK)) {
    const tag = m[0];
    const rel = ATTR('rel').exec(tag)?.[1]?.toLowerCase() ?? '';
    const href = ATTR('href').exec(tag)?.[1];
    const p = href ? local(root, href) : null;
    if (!p) continue;
    if (rel === 'modulepreload') entries.push(p);
    if (rel === 'stylesheet') css.push(p);
  }
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`index.html loads ${relative(root, file)}, which is not in the build`);
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) queue.push(resolve(dirname(file), m[1] ?? m[2]!));
  }
  const files = [...seen].map((p) => sized(root, p));
  const allJs = listJs(root);
  return {
    files,
    bytes: files.reduce((n, x) => n + x.bytes, 0),
    gzipBytes: files.reduce((n, x) => n + x.gzipBytes, 0),
    css: css.filter((p) => existsSync(p)).map((p) => sized(root, p)),
    lazy: allJs.filter((p) => !seen.has(p)).map((p) => sized(root, p)),
  };
}

/** The JS files of the build (Vite writes them flat into assets/). */
function listJs(root: string): string[] {
  const assets = join(root, 'assets');
  if (!existsSync(assets)) return [];
  return readdirSync(assets, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.js'))
    .map((d) => join(assets, d.name));
}

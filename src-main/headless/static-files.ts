import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

/**
 * Loads the built renderer into memory once. Serving only from this map (keyed by URL path) means no request
 * path ever reaches the file system, so traversal tricks have nothing to traverse.
 */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const urlPath = '/' + relative(root, full).split(sep).join('/');
        files.set(urlPath, {
          body: readFileSync(full),
          type: TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
          // Vite puts content hashes in asset names, so those can be cached forever; index.html cannot.
          immutable: urlPath.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  if (!files.has('/index.html'))
    throw new Error(`No built dashboard at ${root} (index.html missing); run "npm run build".`);
  return files;
}

/** The built renderer beside the built host (out/renderer), unless given. */
export function dashboardFiles(rendererDir?: string): Map<string, StaticFile> {
  return loadStaticFiles(rendererDir ?? fileURLToPath(new URL('../renderer/', import.meta.url)));
}

/**
 * The path aliases (`@shared/…`, `@engine/…`) have one source, the `paths` of tsconfig.base.json, which TypeScript
 * and tsx read too; the bundles (electron.vite.config.ts) and the tests (vitest.config.ts) resolve them from here.
 * The caller names the project's folder: config loaders bundle this file into the config, so its own location is
 * not where it was written.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Vite's alias entries: `@shared/x` → `<root>/src-shared/x`. */
export function pathAliases(root: string): { find: RegExp; replacement: string }[] {
  const tsconfig = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => ({
    find: new RegExp(`^${name.replace('/*', '/')}`),
    replacement: `${resolve(root, target.replace('/*', ''))}/`,
  }));
}

/**
 * The same aliases as folders, for bundlers that map a bare prefix (esbuild's `alias`): `@shared` →
 * `<root>/src-shared`.
 */
export function aliasFolders(root: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, [string]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
      name.replace('/*', ''),
      resolve(root, target.replace('/*', '')),
    ]),
  );
}

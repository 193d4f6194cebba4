/**
 * The engine's process and its threads, bundled from their TypeScript source once per test process, for tests that
 * start many engine processes. Under tsx every engine process, and each of its threads, loads and transforms the whole
 * engine again (about 1.5 s a start on a two-core machine); the bundle loads in a fraction of that. It is built from
 * the sources as they are at the first start, so no test runs stale code.
 *
 * The entries and their names are the app's own (scripts/engine-entries.ts): the engine finds each thread's module
 * beside its bundle by that name, as it does in the packaged app.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { ENGINE_ENTRIES } from '../../scripts/engine-entries';
import { aliasFolders } from '../../scripts/path-aliases';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let built: string | null = null;

/** A bundle nobody has built from the sources for this long is for sources that are gone. */
const STALE_MS = 24 * 3600_000;

/**
 * The path of the bundled engine entry (what `out/main/engine.js` is built from), built on the first call. It lies
 * under node_modules/.cache, so that the packages it leaves out (native modules among them) resolve as from the app,
 * in a folder named for its contents: test processes built from the same sources share it, and none deletes what
 * another may be running.
 */
export function engineBundleEntry(): string {
  if (built) return built;
  // The run's global setup has bundled the same sources already (thread-bundle-setup.ts): the engine is beside its
  // threads.
  const made = process.env.IICP_THREAD_BUNDLE_DIR;
  if (made && existsSync(join(made, 'engine.js'))) return (built = join(made, 'engine.js'));
  const result = buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: { ...ENGINE_ENTRIES },
    outdir: '/',
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    alias: aliasFolders(REPO_ROOT),
    logLevel: 'error',
  });
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(file.path).update(file.contents);
  const cache = join(REPO_ROOT, 'node_modules', '.cache', 'iicp-engine-bundle');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'engine.js'))) {
    mkdirSync(cache, { recursive: true });
    const partial = mkdtempSync(`${dir}-partial-`);
    for (const file of result.outputFiles) writeFileSync(join(partial, file.path), file.contents);
    try {
      renameSync(partial, dir);
    } catch {
      // Another test process wrote the same bundle first.
      rmSync(partial, { recursive: true, force: true });
    }
  }
  utimesSync(dir, new Date(), new Date());
  for (const other of readdirSync(cache)) {
    const path = join(cache, other);
    // Another test process may remove the same old folder meanwhile.
    const age = path === dir ? 0 : Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
  built = join(dir, 'engine.js');
  return built;
}

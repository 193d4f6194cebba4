import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module a worker thread runs, and the Node options it needs to load it. */
export interface ThreadModule {
  url: URL;
  execArgv: string[];
}

/**
 * Where the module of the engine's thread `builtName` is, seen from the module at `beside` (its `import.meta.url`).
 * Built, each thread is its own entry beside the main bundle, named as in scripts/engine-entries.ts. From source
 * (tests, benches), tsx loads `sourceFile` beside the caller; where the test suite has bundled the engine's threads
 * from the same source (IICP_THREAD_BUNDLE_DIR), a thread starts from that bundle instead, which loads in a fraction
 * of the time tsx takes to transform the thread's whole module tree again. Built code never reads the variable.
 */
export function threadModule(builtName: string, sourceFile: string, beside: string): ThreadModule {
  if (!beside.endsWith('.ts')) return { url: new URL(`./${builtName}.js`, beside), execArgv: [] };
  const bundle = process.env.IICP_THREAD_BUNDLE_DIR;
  if (bundle) return { url: pathToFileURL(join(bundle, `${builtName}.js`)), execArgv: [] };
  return { url: new URL(sourceFile, beside), execArgv: ['--import', 'tsx'] };
}

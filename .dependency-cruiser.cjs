/**
 * Import boundaries between the processes, checked by `npm run lint` (tests/unit/architecture/import-boundaries.test.ts
 * shows each rule firing). The engine runs under plain Node in its own process, the renderer in a sandboxed page:
 * what both need lives in src-shared, which needs neither.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-uses-shared-only',
      comment: 'The engine runs under plain Node in any host: it may use src-shared and npm packages, never a host, the bridge or the page.',
      severity: 'error',
      from: { path: '^src-main/engine/' },
      to: { path: '^(src-main/(?!engine/)|src-preload/|src-renderer/)' },
    },
    {
      name: 'engine-without-electron',
      comment: 'Electron exists only in the desktop shell; the headless host and the tests run the same engine without it.',
      severity: 'error',
      from: { path: '^src-main/(engine|engine-process|headless)/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'renderer-uses-shared-only',
      comment: 'The page talks to the node only through the contract: it may use src-shared and npm packages, never main or the preload.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|src-preload)/' },
    },
    {
      name: 'preload-is-the-bridge-only',
      comment: 'The sandboxed preload carries commands and events; it must not pull in main or the page.',
      severity: 'error',
      from: { path: '^src-preload/' },
      to: { path: '^(src-main|src-renderer)/' },
    },
    {
      name: 'shared-stands-alone',
      comment: 'src-shared runs in every process, the page included: it uses only itself and npm packages, no Node built-ins.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-preload|src-renderer)/' },
    },
    {
      name: 'shared-without-node-builtins',
      comment: 'The page has no Node: a built-in in src-shared would break the renderer bundle.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'main-without-renderer',
      comment: 'Main serves the built page from disk; it never imports the page\'s code.',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^src-renderer/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and hides which module owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'resolvable',
      comment: 'An import no tool can resolve (a misspelt path or alias) fails here, not at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^out/' },
    // Type-only imports count: a type cycle is still a cycle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'] },
  },
};

/**
 * Import boundaries between the processes and between the engine's rooms, checked by `npm run lint`
 * (tests/unit/architecture/import-boundaries.it.test.ts shows each rule firing). The engine runs under plain Node in
 * its own process, the renderer in a sandboxed page: what both need lives in src-shared, which needs neither.
 */

/**
 * The engine's rooms (the folders of src-main/engine) in layers, lowest first, the way vscode orders base →
 * platform → editor → workbench: a room imports only rooms listed before it, so no two rooms lean on each other and
 * a newcomer can read the house from the bottom up. A room that is not listed here cannot be imported or import
 * anything: a new room takes its place in this list first (ARCHITECTURE.md explains each one).
 */
const ENGINE_LAYERS = [
  // Files, sockets, encryption, amounts and child processes: know nothing of the node.
  ['foundation', ['files', 'net', 'native', 'cx', 'pricing', 'subprocess']],
  // What the node keeps: the database, and on it the log files and the node's keys.
  ['store', ['store']],
  ['records', ['logging', 'identity']],
  // The node's two peers: the LLM server, then the directory and the check of what the directory signs.
  ['llm', ['backends']],
  ['network', ['directory', 'verification']],
  // The terms the node serves on: what serving costs, when and how much it may serve, the owner first, what it tells.
  ['terms', ['energy', 'availability', 'owner', 'notices']],
  // The task port: the node's public HTTP surface, which everything that serves builds on.
  ['port', ['server']],
  // Serving through the port: the relay's calls, the books of each task, the way in, the requests feed.
  ['serving', ['relay', 'earnings', 'nat', 'requests']],
  // Using the network and reporting on the node: the diagnostics bundle, the gateway, the person's other machines.
  ['using', ['diagnostics', 'gateway', 'fleet']],
  // The running node: wires the rooms together and answers the contract's commands.
  ['centre', ['node']],
];
const ROOMS = ENGINE_LAYERS.flatMap(([layer, rooms]) => rooms.map((room) => ({ layer, room })));
const ROOM_NAMES = ROOMS.map((r) => r.room).join('|');

const engineOrder = ROOMS.slice(0, -1).map(({ layer, room }, i) => ({
  name: 'engine-order',
  comment: `${room} (${layer}) imports only the rooms listed before it in ENGINE_LAYERS; the later ones build on it.`,
  severity: 'error',
  from: { path: `^src-main/engine/${room}/` },
  to: {
    path: `^src-main/engine/(${ROOMS.slice(i + 1)
      .map((r) => r.room)
      .join('|')})/`,
  },
}));

/**
 * A room's face: its `index.ts` exports what other rooms and the hosts may use, and nothing outside the room imports
 * any other file of it. A reader sees what a room offers in one file, and a room can rearrange its inside freely.
 */
const roomFaces = ROOMS.map(({ room }) => ({
  name: 'room-face',
  comment: `Outside ${room}/, only its face ${room}/index.ts may be imported; what it does not export stays inside the room.`,
  severity: 'error',
  from: { pathNot: `^src-main/engine/${room}/` },
  to: { path: `^src-main/engine/${room}/`, pathNot: `^src-main/engine/${room}/index\\.ts$` },
}));

/**
 * The gateway's sub-rooms (the folders of src-main/engine/gateway), lowest first, held to their order as the engine's
 * rooms are: a sub-room imports only the sub-rooms before it, and only through their face (`index.ts`); none imports
 * the gateway's own front (its top-level files), which composes them. Outside the gateway, room-face already allows
 * only gateway/index.ts. ARCHITECTURE.md explains each sub-room.
 */
const GATEWAY = 'src-main/engine/gateway';
const GATEWAY_SUB_ROOMS = ['api-shapes', 'keys', 'spending', 'listener', 'routing', 'models', 'page'];

const gatewayOrder = GATEWAY_SUB_ROOMS.map((sub, i) => ({
  name: 'gateway-sub-room-order',
  comment: `gateway/${sub}/ imports only the gateway sub-rooms listed before it in GATEWAY_SUB_ROOMS, never the gateway's front.`,
  severity: 'error',
  from: { path: `^${GATEWAY}/${sub}/` },
  to: {
    path: `^${GATEWAY}/(${[...GATEWAY_SUB_ROOMS.slice(i + 1), '[^/]+$'].join('|')})`,
  },
}));

const gatewayFaces = GATEWAY_SUB_ROOMS.map((sub) => ({
  name: 'gateway-sub-room-face',
  comment: `Outside gateway/${sub}/, only its face gateway/${sub}/index.ts may be imported.`,
  severity: 'error',
  from: { pathNot: `^${GATEWAY}/${sub}/` },
  to: { path: `^${GATEWAY}/${sub}/`, pathNot: `^${GATEWAY}/${sub}/index\\.ts$` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...engineOrder,
    ...roomFaces,
    ...gatewayOrder,
    ...gatewayFaces,
    // Both ends: a module in an unlisted room may neither import nor be imported.
    ...['from', 'to'].map((end) => ({
      name: 'engine-room-listed',
      comment:
        'Every engine module lives in a room of ENGINE_LAYERS (or is engine/index.ts, the front door): a new room is placed in the order first.',
      severity: 'error',
      from: {},
      to: {},
      [end]: { path: '^src-main/engine/', pathNot: `^src-main/engine/((${ROOM_NAMES})/|index\\.ts$)` },
    })),
    {
      name: 'hosts-in-order',
      comment:
        'The supervisor runs an engine process for a host: it knows the engine, never the process it starts or the hosts above it.',
      severity: 'error',
      from: { path: '^src-main/supervisor/' },
      to: { path: '^src-main/(engine-process|headless|app)/' },
    },
    {
      name: 'hosts-in-order',
      comment: 'The engine process is started by a host; it never imports one.',
      severity: 'error',
      from: { path: '^src-main/engine-process/' },
      to: { path: '^src-main/(headless|app)/' },
    },
    {
      name: 'engine-uses-shared-only',
      comment:
        'The engine runs under plain Node in any host: it may use src-shared and npm packages, never a host, the bridge or the page.',
      severity: 'error',
      from: { path: '^src-main/engine/' },
      to: { path: '^(src-main/(?!engine/)|src-preload/|src-renderer/)' },
    },
    {
      name: 'engine-without-electron',
      comment:
        'Electron exists only in the desktop shell; the headless host and the tests run the same engine without it.',
      severity: 'error',
      from: { path: '^src-main/(engine|engine-process|headless)/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'renderer-uses-shared-only',
      comment:
        'The page talks to the node only through the contract: it may use src-shared and npm packages, never main or the preload.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|src-preload)/' },
    },
    {
      name: 'page-imports-no-page',
      comment:
        'A page folder holds what only its page uses: what a second page needs moves to components/, hooks/, words/ or lib/.',
      severity: 'error',
      from: { path: '^src-renderer/src/pages/([^/]+)/' },
      to: { path: '^src-renderer/src/pages/', pathNot: '^src-renderer/src/pages/$1/' },
    },
    {
      name: 'page-imports-no-page',
      comment: 'Only the route table (pages/RoutePage.tsx) opens a page folder; shared parts never lean on a page.',
      severity: 'error',
      from: { path: '^src-renderer/', pathNot: '^src-renderer/src/pages/' },
      to: { path: '^src-renderer/src/pages/[^/]+/' },
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
      comment:
        'src-shared runs in every process, the page included: it uses only itself and npm packages, no Node built-ins.',
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
      comment: "Main serves the built page from disk; it never imports the page's code.",
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
    // Packages that name their entry only in package.json "exports" (cbor2 has no "main") resolve through it.
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};

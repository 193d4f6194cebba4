import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SettingsSchema } from '@shared/contract';
import type { SettingsOverrides } from '@engine/node';
import { defaultDataDir } from '@engine/files';
import { backendAddressRefusal } from './backend-url-check';
import { readTokenFile, TokenFileError, UI_TOKEN_PATTERN, UI_TOKEN_RULE } from './token-file';

export interface HeadlessConfig {
  dataDir: string;
  uiHost: string;
  uiPort: number;
  /** Access token for the dashboard; unless given, the one kept in the data folder (dashboard-link.ts). */
  uiToken: string | null;
  /** Where the token came from when it was read from a file (--ui-token-file): then it is not printed. */
  uiTokenFile: string | null;
  allowRemoteUi: boolean;
  /** Task server address and port for this run (IICP_HOST / IICP_PORT); port 0 = any free port. */
  taskHost: string | null;
  taskPort: number | null;
  /** `--gateway` sets `gateway.enabled` here; the gateway's other settings stay as stored. */
  overrides: SettingsOverrides;
  /** Register a private or loopback public URL (a directory on the same LAN); the public directory refuses them. */
  allowPrivateEndpoint: boolean;
  /** --allow-link-local-backend: the person confirmed a link-local `--backend-url` (backend-url-check.ts). */
  allowLinkLocalBackend?: boolean;
  /** Held in memory only; never printed. */
  backendApiKey: string | null;
  /**
   * Test knob, environment only (IICP_NOTICE_DEBOUNCE_MS, milliseconds): how long an outage lasts before it becomes
   * a notice, instead of 60 s, so a browser test sees "LLM server stopped" in seconds. Not for real use.
   */
  noticeDebounceMs?: number;
  /**
   * Test knob, environment only (IICP_IDLE_AFTER_MS): how long without a task a healthy node is idle, instead of 3 h.
   */
  idleAfterMs?: number;
  /**
   * --engine-in-process: run the engine inside the host's own process, unsupervised (measurements and debugging;
   * a crash or a freeze of the engine then takes the dashboard down with it).
   */
  engineInProcess?: boolean;
  /** Check the running node's awards against the directory's signed record, print the outcome and exit. */
  verifyEarnings?: boolean;
  /** Print the person's machines as the running node sees them and exit (0 all meant to be on are up, 1 otherwise). */
  fleet?: boolean;
  /**
   * --operator-create NAME: make an operator identity in the data folder (or keep the one there), print it and exit.
   */
  operatorCreate?: string;
  /**
   * --operator-import FILE: take the identity of an export file (passphrase on stdin or in IICP_OPERATOR_PASSPHRASE).
   */
  operatorImport?: string;
  /**
   * The gateway's port for this run (--gateway-port / IICP_GATEWAY_PORT) instead of the stored one; 0 = any free port.
   */
  gatewayPort?: number;
  /**
   * --install-service / --uninstall-service: register or remove the per-user service instead of running (service.ts).
   */
  service?: 'install' | 'uninstall';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const HELP = `Usage: npm run headless -- [options]

Runs the IICP Provider engine without a display and serves its dashboard on this computer only.

Options (environment variable in brackets):
  --data-dir DIR          where the node keeps its data [IICP_HOME]
  --ui-port N             dashboard port (default: the last run's port if free, else any free port) [IICP_UI_PORT]
  --ui-token-file PATH    read the dashboard access token (32–128 hex chars) from a file only you can read
                          (chmod 600); default: the data folder's dashboard-token, made at the first start, so
                          the link stays the same across restarts [or the token itself in IICP_UI_TOKEN]
  --ui-host ADDR          dashboard address (default 127.0.0.1); anything but loopback needs --allow-remote-ui
  --allow-remote-ui       permit a non-loopback --ui-host (the dashboard controls your node: be careful)
  --directory-url URL     IICP directory [IICP_DIRECTORY_URL]
  --backend-url URL       local LLM server, on this computer or your local network [IICP_BACKEND_URL]
                          (API key: IICP_BACKEND_API_KEY)
  --allow-link-local-backend  use a link-local --backend-url (169.254.x.x, fe80::), which is refused otherwise:
                          cloud providers run their metadata service there [IICP_ALLOW_LINK_LOCAL_BACKEND=1]
  --port N                task port consumers connect to, 0 = any free port [IICP_PORT]
  --host ADDR             address the task port listens on (default :: = all) [IICP_HOST]
  --public-endpoint URL   public URL of the task port, e.g. a tunnel [IICP_PUBLIC_ENDPOINT]
  --port-mapping MODE     ask the router to forward the task port: auto, upnp, natpmp or off [IICP_PORT_MAPPING]
  --allow-private-endpoint  register a private/loopback public URL (only for a directory on your own LAN)
                          [IICP_ALLOW_PRIVATE_ENDPOINT=1]
  --region NAME           region advertised to the directory [IICP_REGION]
  --max-concurrent N      tasks served at once [IICP_MAX_CONCURRENT]
  --trusted-proxies LIST  reverse proxies in front of the task port, comma-separated addresses or ranges
                          (e.g. 127.0.0.1,10.0.0.0/8): only their forwarding headers name the consumer
                          (default: none) [IICP_TRUSTED_PROXIES]
  --gateway               turn on the local gateway ("Use the network") for this run, so apps on this computer can
                          send tasks to the network; its first app key is written to the data folder's
                          gateway-key [IICP_GATEWAY=1]
  --gateway-port N        the gateway's port for this run, 1024–65535 (default: the one in the settings, 9483)
                          [IICP_GATEWAY_PORT]
  --engine-in-process     run the engine inside this process, without its supervisor (for measurements and
                          debugging: an engine crash then stops the dashboard too)
  --install-service       instead of running now, run at login (systemd --user on Linux, launchd on macOS)
                          with these options, a fixed dashboard port (default 9485) and a fixed token file
  --uninstall-service     stop and remove that service (the data folder and the token file stay)
  --verify-earnings       check this node's awards against the directory's signed record now, print what differs,
                          and exit 0 when everything matches, 1 when something differs, 2 when it cannot; asks the
                          running host, or with none running checks the data folder here (against the directory in
                          its settings, or --directory-url)
  --operator-create NAME  make an operator identity named NAME in the data folder and print its fingerprint; one
                          already there is kept (exit 0); a name that cannot be used exits 2
  --operator-import FILE  take the operator identity of an export file; the passphrase is read from standard input
                          (one line) or IICP_OPERATOR_PASSPHRASE, never from the command line; a wrong one exits 1
  --fleet                 print your machines (one operator identity on several computers) as the running node sees
                          them, and exit 0 when every machine meant to be on is up, 1 otherwise
  -h, --help              show this help
`;

function check<T>(schema: z.ZodType<T>, raw: string | undefined, label: string): T | undefined {
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  if (!r.success) throw new ConfigError(`${label}: ${r.error.issues[0]?.message ?? 'invalid value'}`);
  return r.data;
}

/** From --ui-token-file, else IICP_UI_TOKEN, else none (the host makes a random one). */
function dashboardToken(file: string | boolean | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof file === 'string') {
    try {
      return readTokenFile(file);
    } catch (err) {
      if (err instanceof TokenFileError) throw new ConfigError(err.message);
      throw err;
    }
  }
  return check(
    z.string().regex(UI_TOKEN_PATTERN, UI_TOKEN_RULE),
    env.IICP_UI_TOKEN || undefined,
    'UI token (IICP_UI_TOKEN)',
  );
}

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0–65535`)
    .max(65535, `${name} must be 0–65535`);

/** A port a person may choose for the gateway (below 1024 needs root), or 0 for any free one (tests). */
const GATEWAY_PORT = z.coerce
  .number({ error: 'gateway port must be a number' })
  .int('gateway port must be a whole number')
  .refine((n) => n === 0 || (n >= 1024 && n <= 65535), 'gateway port must be 1024–65535 (or 0 for any free port)');

/**
 * The command line of a process is readable by every local user (`ps`, /proc/<pid>/cmdline): a token there would
 * hand them the node. Refused, with the reason, rather than honoured with a warning: by the time a warning is
 * printed the token has already been shown.
 */
const UI_TOKEN_FLAG_REFUSED =
  '--ui-token is not accepted: a token on the command line is visible to every user of this computer in the process list (ps, /proc). ' +
  'Put it in the IICP_UI_TOKEN environment variable, or in a file only you can read (chmod 600) given with --ui-token-file PATH.';

/**
 * The environment variable each plain string flag falls back to. One table, so the service installer carries
 * a setting given either way (service-plan.ts) exactly as this parser reads it.
 */
export const FLAG_ENV = {
  'data-dir': 'IICP_HOME',
  'ui-port': 'IICP_UI_PORT',
  'ui-host': undefined,
  'directory-url': 'IICP_DIRECTORY_URL',
  'backend-url': 'IICP_BACKEND_URL',
  port: 'IICP_PORT',
  host: 'IICP_HOST',
  'public-endpoint': 'IICP_PUBLIC_ENDPOINT',
  'port-mapping': 'IICP_PORT_MAPPING',
  region: 'IICP_REGION',
  'max-concurrent': 'IICP_MAX_CONCURRENT',
  'trusted-proxies': 'IICP_TRUSTED_PROXIES',
  'gateway-port': 'IICP_GATEWAY_PORT',
} as const satisfies Record<string, string | undefined>;
export type StringFlag = keyof typeof FLAG_ENV;

export type HeadlessFlags = Record<string, string | boolean | undefined>;

/** The command line alone, checked for unknown or malformed flags (no environment, no files read). */
export function readHeadlessFlags(argv: string[]): HeadlessFlags {
  // Before parsing: `--ui-token` with its value missing must get this answer too, not a parser complaint.
  if (argv.some((a) => a === '--ui-token' || a.startsWith('--ui-token='))) throw new ConfigError(UI_TOKEN_FLAG_REFUSED);
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        'ui-port': { type: 'string' },
        'ui-token-file': { type: 'string' },
        'ui-host': { type: 'string' },
        'allow-remote-ui': { type: 'boolean' },
        'directory-url': { type: 'string' },
        'backend-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'public-endpoint': { type: 'string' },
        'port-mapping': { type: 'string' },
        'allow-private-endpoint': { type: 'boolean' },
        'allow-link-local-backend': { type: 'boolean' },
        region: { type: 'string' },
        'max-concurrent': { type: 'string' },
        'trusted-proxies': { type: 'string' },
        gateway: { type: 'boolean' },
        'gateway-port': { type: 'string' },
        'engine-in-process': { type: 'boolean' },
        'install-service': { type: 'boolean' },
        'uninstall-service': { type: 'boolean' },
        'verify-earnings': { type: 'boolean' },
        fleet: { type: 'boolean' },
        'operator-create': { type: 'string' },
        'operator-import': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
}

/** A string flag's value, else its environment variable's (an empty variable counts as unset). */
export function pickFlag(values: HeadlessFlags, env: NodeJS.ProcessEnv, flag: StringFlag): string | undefined {
  const v = values[flag];
  if (typeof v === 'string') return v;
  const envName = FLAG_ENV[flag];
  const e = envName ? env[envName] : undefined;
  return e === undefined || e === '' ? undefined : e;
}

/** The flags that do one thing and exit instead of running the host: at most one of them per run. */
const ONE_SHOT = [
  'install-service',
  'uninstall-service',
  'verify-earnings',
  'fleet',
  'operator-create',
  'operator-import',
] as const;

/** Flags win over environment variables; both are validated before anything starts. */
export function parseHeadlessConfig(argv: string[], env: NodeJS.ProcessEnv): HeadlessConfig | 'help' {
  const values = readHeadlessFlags(argv);
  if (values.help) return 'help';
  if (values['install-service'] && values['uninstall-service']) {
    throw new ConfigError('--install-service and --uninstall-service exclude each other; give one.');
  }
  const service = values['install-service'] ? 'install' : values['uninstall-service'] ? 'uninstall' : undefined;
  const commands = ONE_SHOT.filter((f) => values[f] !== undefined && values[f] !== false);
  if (commands.length > 1)
    throw new ConfigError(
      `${commands.map((f) => `--${f}`).join(' and ')} each do one thing and then exit; give one of them.`,
    );
  const pick = (flag: StringFlag): string | undefined => pickFlag(values, env, flag);

  const uiHost = pick('ui-host') ?? '127.0.0.1';
  const allowRemoteUi = values['allow-remote-ui'] === true;
  if (!LOOPBACK.has(uiHost) && !allowRemoteUi) {
    throw new ConfigError(
      `--ui-host ${uiHost} is not a loopback address; pass --allow-remote-ui if you really mean it.`,
    );
  }
  const uiToken = dashboardToken(values['ui-token-file'], env);

  const overrides: SettingsOverrides = {};
  const shape = SettingsSchema.shape;
  const directoryUrl = check(shape.directoryUrl, pick('directory-url'), 'directory URL');
  if (directoryUrl !== undefined) overrides.directoryUrl = directoryUrl;
  const taskPort = check(port('task port'), pick('port'), 'task port');
  const taskHost = check(z.union([z.ipv4(), z.ipv6(), z.literal('::')]), pick('host'), 'task host');
  const publicEndpoint = check(shape.publicEndpoint, pick('public-endpoint'), 'public endpoint');
  if (publicEndpoint !== undefined) overrides.publicEndpoint = publicEndpoint;
  const portMapping = check(shape.portMapping, pick('port-mapping'), 'port mapping');
  if (portMapping !== undefined) overrides.portMapping = portMapping;
  const allowPrivate = values['allow-private-endpoint'] === true || env.IICP_ALLOW_PRIVATE_ENDPOINT === '1';
  const region = check(shape.region, pick('region'), 'region');
  if (region !== undefined) overrides.region = region;
  const maxConcurrent = check(z.coerce.number().pipe(shape.maxConcurrent), pick('max-concurrent'), 'max concurrent');
  if (maxConcurrent !== undefined) overrides.maxConcurrent = maxConcurrent;
  const proxies = pick('trusted-proxies');
  if (proxies !== undefined) {
    const r = shape.trustedProxies.safeParse(proxies.split(',').filter((p) => p.trim() !== ''));
    if (!r.success) throw new ConfigError(`trusted proxies: ${r.error.issues[0]?.message ?? 'invalid value'}`);
    overrides.trustedProxies = r.data;
  }

  const backendUrl = check(shape.backendUrl, pick('backend-url'), 'backend URL');
  const allowLinkLocalBackend =
    values['allow-link-local-backend'] === true || env.IICP_ALLOW_LINK_LOCAL_BACKEND === '1';
  const refused = backendUrl ? backendAddressRefusal(backendUrl, allowLinkLocalBackend) : null;
  if (refused) throw new ConfigError(refused);
  if (backendUrl !== undefined) overrides.backendUrl = backendUrl;
  if (values.gateway === true || env.IICP_GATEWAY === '1') overrides.gateway = { enabled: true };
  const gatewayPort = check(GATEWAY_PORT, pick('gateway-port'), 'gateway port');
  const noticeDebounceMs = check(
    z.coerce.number().int().min(0).max(3_600_000),
    env.IICP_NOTICE_DEBOUNCE_MS || undefined,
    'notice debounce (IICP_NOTICE_DEBOUNCE_MS)',
  );
  const idleAfterMs = check(
    z.coerce.number().int().min(0).max(86_400_000),
    env.IICP_IDLE_AFTER_MS || undefined,
    'idle time (IICP_IDLE_AFTER_MS)',
  );
  return {
    ...(noticeDebounceMs !== undefined ? { noticeDebounceMs } : {}),
    ...(idleAfterMs !== undefined ? { idleAfterMs } : {}),
    ...(service ? { service } : {}),
    ...(values['engine-in-process'] === true ? { engineInProcess: true } : {}),
    ...(values['verify-earnings'] === true ? { verifyEarnings: true } : {}),
    ...(values.fleet === true ? { fleet: true } : {}),
    ...(typeof values['operator-create'] === 'string' ? { operatorCreate: values['operator-create'] } : {}),
    ...(typeof values['operator-import'] === 'string' ? { operatorImport: values['operator-import'] } : {}),
    ...(gatewayPort !== undefined ? { gatewayPort } : {}),
    dataDir: pick('data-dir') ?? defaultDataDir(env),
    uiHost,
    uiPort: check(port('UI port'), pick('ui-port'), 'UI port') ?? 0,
    uiToken: uiToken ?? null,
    uiTokenFile: typeof values['ui-token-file'] === 'string' && uiToken !== undefined ? values['ui-token-file'] : null,
    allowRemoteUi,
    taskHost: taskHost ?? null,
    taskPort: taskPort ?? null,
    overrides,
    allowPrivateEndpoint: allowPrivate,
    ...(allowLinkLocalBackend ? { allowLinkLocalBackend } : {}),
    backendApiKey: env.IICP_BACKEND_API_KEY || null,
  };
}

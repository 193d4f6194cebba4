import { join, resolve } from 'node:path';
import { splitUrlCredentials, type UrlCredentials } from '@engine/net';
import { ConfigError, FLAG_ENV, parseHeadlessConfig, pickFlag, readHeadlessFlags, type StringFlag } from './config';

/**
 * The dashboard port of the service when none is given: a bookmark has to keep working across restarts, which
 * the interactive default (any free port) would break. One above the default task port (9484).
 */
export const SERVICE_UI_PORT = 9485;
/** In the data folder: private (0700) already, and the dashboard it opens belongs to that node. */
export const SERVICE_TOKEN_FILE_NAME = 'dashboard-token';

export interface ServicePlan {
  /** Absolute: the service does not start where the person stood. */
  dataDir: string;
  tokenFile: string;
  /** --ui-token-file was given: the person's own file, used as it is. */
  tokenFileGiven: boolean;
  /** The host's flags, as the service passes them. */
  args: string[];
  /** Where a browser on this computer finds the dashboard (host part of the URL) and its port (0: changes). */
  dashboardHost: string;
  uiPort: number;
  /** What was deliberately left out, in words for the person. */
  notes: string[];
  /**
   * What was taken out of the backend and directory URLs (user name, password, query): it goes to the node's secret
   * store, never into the service file. null: the URL (if any) carried none, so nothing is to be kept.
   */
  urlCredentials: { backend: UrlCredentials | null; directory: UrlCredentials | null };
}

/** The URL flags whose credentials are kept in the secret store instead of the service file. */
const URL_FLAGS = { 'backend-url': 'backend', 'directory-url': 'directory' } as const;

/** Carried as given; the data folder, token file and dashboard port are added separately. */
const CARRIED_STRING_FLAGS = (Object.keys(FLAG_ENV) as StringFlag[]).filter((f) => f !== 'data-dir' && f !== 'ui-port');

/** `--flag value`, or `--flag=value` when the value itself starts with a dash (the parser would call it ambiguous). */
const flag = (name: string, value: string): string[] =>
  value.startsWith('-') ? [`--${name}=${value}`] : [`--${name}`, value];

function dashboardHost(uiHost: string): string {
  if (uiHost === '0.0.0.0' || uiHost === '::') return '127.0.0.1';
  return uiHost.includes(':') ? `[${uiHost}]` : uiHost;
}

/**
 * What the service will run, from the command line and environment `--install-service` was given: every setting
 * given either way is carried as a flag (so the unit says everything it does), except the two secrets and the
 * credentials inside the backend or directory URL (a user name and password, a query), which go to the secret store.
 * Throws
 * ConfigError for what the host itself would refuse, so a service is never installed to fail at every start.
 */
export function planService(argv: string[], env: NodeJS.ProcessEnv, cwd: string): ServicePlan {
  const config = parseHeadlessConfig(argv, env);
  if (config === 'help') throw new ConfigError('--help is not an option of the service.');
  const values = readHeadlessFlags(argv);
  const dataDir = resolve(cwd, config.dataDir);
  const givenTokenFile = values['ui-token-file'];
  const tokenFile =
    typeof givenTokenFile === 'string' ? resolve(cwd, givenTokenFile) : join(dataDir, SERVICE_TOKEN_FILE_NAME);
  const uiPortGiven = pickFlag(values, env, 'ui-port') !== undefined;
  const uiPort = uiPortGiven ? config.uiPort : SERVICE_UI_PORT;

  const args = [...flag('data-dir', dataDir), ...flag('ui-token-file', tokenFile), ...flag('ui-port', String(uiPort))];
  const urlCredentials: ServicePlan['urlCredentials'] = { backend: null, directory: null };
  for (const name of CARRIED_STRING_FLAGS) {
    const value = pickFlag(values, env, name);
    if (value === undefined) continue;
    if (name === 'backend-url' || name === 'directory-url') {
      // A unit file and a command line are readable by others (`systemctl cat`, `ps`): the URL goes there bare.
      const { bare, credentials } = splitUrlCredentials(value);
      urlCredentials[URL_FLAGS[name]] = credentials;
      args.push(...flag(name, bare));
    } else {
      args.push(...flag(name, value));
    }
  }
  if (config.allowRemoteUi) args.push('--allow-remote-ui');
  if (config.allowPrivateEndpoint) args.push('--allow-private-endpoint');
  if (config.allowLinkLocalBackend === true) args.push('--allow-link-local-backend');
  if (config.overrides.gateway?.enabled === true) args.push('--gateway');

  const notes: string[] = [];
  if (env.IICP_BACKEND_API_KEY) {
    notes.push(
      'IICP_BACKEND_API_KEY is not written into the service: a service file is no place for a secret. ' +
        'Enter the key once in the dashboard (Settings → Run setup again); the node keeps it in its secrets file.',
    );
  }
  if (env.IICP_UI_TOKEN && typeof givenTokenFile !== 'string') {
    notes.push(`IICP_UI_TOKEN is not carried into the service: it reads its dashboard token from ${tokenFile}.`);
  }
  if (config.gatewayPort === 0)
    notes.push('The gateway port is 0 (any free port): apps would have to be told a new address at every start.');
  if (uiPort === 0)
    notes.push('The dashboard port is 0 (any free port): its address changes at every start; see the log for it.');
  return {
    dataDir,
    tokenFile,
    tokenFileGiven: typeof givenTokenFile === 'string',
    args,
    dashboardHost: dashboardHost(config.uiHost),
    uiPort,
    notes,
    urlCredentials,
  };
}

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { createOwnerOnlyDir } from '@engine/files';
import { unlessMissing, writeFileAtomic } from './service-file';
import type { ServicePlan } from './service-plan';
import { ensureServiceTokenFile } from './service-token';
import { readTokenFile } from './token-file';

/** Exit codes of `--install-service` / `--uninstall-service` (64 as for the host's own bad flags). */
export const SERVICE_EXIT = {
  ok: 0,
  failed: 1,
  usage: 64,
  /** The definition is written (or removed) but the service manager could not be reached or refused. */
  managerUnavailable: 69,
} as const;

export interface ServiceIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandResult {
  /** Exit code; null when killed (e.g. timed out). */
  code: number | null;
  /** stderr, else stdout, trimmed: what to show when it failed. */
  output: string;
  /** The program does not exist here. */
  missing: boolean;
}

/** Everything the installer touches outside its own arguments, so tests can point it at a temporary home. */
export interface ServiceDeps {
  platform: NodeJS.Platform;
  home: string;
  /** Relative --data-dir / --ui-token-file are resolved against it, as the host itself would. */
  cwd: string;
  uid: number;
  /** Absolute path of the Node binary the service runs. */
  node: string;
  /** Absolute path of the built host (out/main/headless.js). */
  entryScript: string;
  run(command: string, args: string[]): Promise<CommandResult>;
}

/** The real thing: this process's Node and platform, `env`'s HOME and PATH. */
export function systemServiceDeps(env: NodeJS.ProcessEnv, entryScript: string): ServiceDeps {
  return {
    platform: process.platform,
    home: env.HOME || homedir(),
    cwd: process.cwd(),
    uid: typeof process.getuid === 'function' ? process.getuid() : 0,
    node: process.execPath,
    entryScript,
    run: (command, args) =>
      new Promise((resolve) => {
        // `env` also decides where the program is looked up (its PATH).
        execFile(command, args, { env, timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
          const output = (stderr.trim() || stdout.trim()).slice(0, 2000);
          if (!error) return resolve({ code: 0, output, missing: false });
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve({ code: null, output: '', missing: true });
          resolve({ code: typeof code === 'number' ? code : null, output: output || error.message, missing: false });
        });
      }),
  };
}

const readTextIfExists = (path: string): string | null => unlessMissing(() => readFileSync(path, 'utf8'), null);

export function removeIfExists(path: string): boolean {
  return unlessMissing(() => {
    rmSync(path);
    return true;
  }, false);
}

/** The built host must exist where the service will look for it; the npm script builds it first. */
function entryScriptProblem(deps: ServiceDeps): string | null {
  try {
    if (statSync(deps.entryScript).isFile()) return null;
  } catch {
    // reported below
  }
  return `The built host ${deps.entryScript} is missing; install through \`npm run headless -- --install-service\`, which builds it first.`;
}

const dashboardUrl = (plan: ServicePlan, token: string): string =>
  plan.uiPort === 0
    ? '(the port changes at every start: see the log)'
    : `http://${plan.dashboardHost}:${plan.uiPort}/#token=${token}`;

/** The token file the service uses, created or checked now; and one line saying which and why. */
function prepareToken(plan: ServicePlan): { token: string; line: string } {
  if (plan.tokenFileGiven)
    return {
      token: readTokenFile(plan.tokenFile),
      line: `Dashboard token file: ${plan.tokenFile} (yours, from --ui-token-file)`,
    };
  const t = ensureServiceTokenFile(plan.tokenFile);
  const how = t.action === 'replaced' ? `replaced with a new token: ${t.reason ?? ''}` : t.action;
  return { token: t.token, line: `Dashboard token file: ${plan.tokenFile} (${how})` };
}

/** The file that tells the service manager how to run the host: the launchd agent or the systemd unit. */
export interface ServiceDefinition {
  /** How the output names it ("Agent file"). */
  what: string;
  path: string;
  text: string;
  /** Folders the service writes to that must stay the owner's (its logs), made before the file is written. */
  ownerOnlyDirs?: readonly string[];
}

/**
 * What every install does before asking the service manager: checks the built host, prepares the dashboard token
 * file, writes the definition and says what it did. The dashboard's address (with its token) and the definition that
 * was there before (null when none was); null after saying why when the built host is missing.
 */
export function writeServiceFiles(
  plan: ServicePlan,
  io: ServiceIo,
  deps: ServiceDeps,
  def: ServiceDefinition,
): { url: string; before: string | null } | null {
  const missing = entryScriptProblem(deps);
  if (missing) {
    io.err(`iicp-provider: ${missing}\n`);
    return null;
  }
  const { token, line } = prepareToken(plan);
  const before = readTextIfExists(def.path);
  mkdirSync(dirname(def.path), { recursive: true });
  // The host prints its dashboard address, token included, at every start: its log stays the owner's.
  for (const dir of def.ownerOnlyDirs ?? []) createOwnerOnlyDir(dir);
  // Owner-only, though it holds no secret (the token is in its own file, URL credentials in the secret store): what a
  // person's service runs with is theirs (and launchd, which reads it as root, refuses an agent others can write to).
  // Written beside and renamed, so a file left 0644 before becomes 0600 too.
  writeFileAtomic(def.path, def.text, 0o600);
  io.out(
    `${def.what}: ${def.path}${before === null ? '' : before === def.text ? ' (unchanged)' : ' (updated)'}\nData folder: ${plan.dataDir}\n${line}\n`,
  );
  for (const note of plan.notes) io.out(`Note: ${note}\n`);
  return { url: dashboardUrl(plan, token), before };
}

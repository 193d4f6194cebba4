import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

export function readTextIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Written beside itself and renamed: the service manager never reads half a file. */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text, { mode, flag: 'wx' });
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export function removeIfExists(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The built host must exist where the service will look for it; the npm script builds it first. */
export function entryScriptProblem(deps: ServiceDeps): string | null {
  try {
    if (statSync(deps.entryScript).isFile()) return null;
  } catch {
    // reported below
  }
  return `The built host ${deps.entryScript} is missing; install through \`npm run headless -- --install-service\`, which builds it first.`;
}

export const dashboardUrl = (plan: ServicePlan, token: string): string =>
  plan.uiPort === 0 ? '(the port changes at every start: see the log)' : `http://${plan.dashboardHost}:${plan.uiPort}/#token=${token}`;

/** The token file the service uses, created or checked now; and one line saying which and why. */
export function prepareToken(plan: ServicePlan): { token: string; line: string } {
  if (plan.tokenFileGiven) return { token: readTokenFile(plan.tokenFile), line: `Dashboard token file: ${plan.tokenFile} (yours, from --ui-token-file)` };
  const t = ensureServiceTokenFile(plan.tokenFile);
  const how = t.action === 'replaced' ? `replaced with a new token: ${t.reason ?? ''}` : t.action;
  return { token: t.token, line: `Dashboard token file: ${plan.tokenFile} (${how})` };
}

/**
 * `npm run headless`: the provider engine under plain Node with its dashboard on loopback (loaded by index.ts once
 * the Node version is known to be new enough).
 * Exit codes: 0 clean stop, 64 bad flags or environment, 73 node already served by another process (its
 * lock file is held: the desktop app or another headless host), 78 unusable data (database or secrets
 * file), 1 anything else. 73 and 78 tell a supervisor that restarting will not help.
 */
import { readFileSync } from 'node:fs';
import { InstanceLockError } from '../engine/identity/instance-lock';
import { SecretStoreError } from '../engine/identity/secret-store';
import { StoreOpenError } from '../engine/store';
import { ConfigError, HELP, parseHeadlessConfig } from './config';
import { startHeadless } from './host';

// By name as well: a bundle may hold a second copy of a class (and may rename it).
const is = (err: unknown, type: abstract new (...args: never[]) => Error, name: string): err is Error =>
  err instanceof type || (err instanceof Error && err.name === name);

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<number> {
  let config;
  try {
    config = parseHeadlessConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`iicp-provider: ${err.message}\n(run with --help for the options)\n`);
      return 64;
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (config.allowRemoteUi && !['127.0.0.1', '::1', 'localhost'].includes(config.uiHost)) {
    process.stderr.write(
      `WARNING: the dashboard listens on ${config.uiHost}, reachable from other computers. Anyone with the token controls this node.\n`,
    );
  }
  let host;
  try {
    host = await startHeadless(config, {
      appVersion: appVersion(),
      onInternalError: (err) => process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`),
    });
  } catch (err) {
    if (is(err, StoreOpenError, 'StoreOpenError') || is(err, SecretStoreError, 'SecretStoreError')) {
      process.stderr.write(`iicp-provider: ${err.message}\n`);
      return 78;
    }
    if (is(err, InstanceLockError, 'InstanceLockError')) {
      process.stderr.write(`iicp-provider: ${err.message}\n`);
      return 73;
    }
    process.stderr.write(`iicp-provider: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const running = host;
  // Handlers go in before the URL is printed: whoever reads the URL may signal us at once.
  const exitCode = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`Received ${signal}, stopping…\n`);
      running.stop().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`iicp-provider: stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  process.stdout.write(`IICP Provider is running headless. Data: ${config.dataDir}\nDashboard: ${host.url}\n`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`iicp-provider: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

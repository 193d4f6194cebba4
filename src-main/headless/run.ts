/**
 * `npm run headless`: the provider engine under plain Node with its dashboard on loopback (loaded by index.ts once
 * the Node version is known to be new enough).
 * Exit codes: 0 clean stop, 64 bad flags or environment, 73 node already served by another process (its
 * lock file is held: the desktop app or another headless host), 78 unusable data (database or secrets
 * file), 1 anything else. 73 and 78 tell a supervisor that restarting will not help.
 */
import { readFileSync } from 'node:fs';
import { classifyStartFailure } from '../supervisor/start-failure';
import { letYoungGenerationGrow } from '../supervisor/young-generation';
import { EngineStartError } from '../supervisor/exit-reasons';
import { exitCodeFor } from '../supervisor/protocol';
import { backendNameRefusal } from './backend-url-check';
import { ConfigError, HELP, parseHeadlessConfig } from './config';
import { startSupervisedHeadless } from './supervised-host';

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
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
  // A command-line run reaches a running host with the token it was given, as the host was (IICP_UI_TOKEN, a file).
  const reach = { port: config.uiPort || null, token: config.uiToken };
  // A command's own code is loaded only for it: a host run's launch does not pay for it.
  if (config.verifyEarnings) {
    const { verifyEarnings } = await import('./verify-earnings');
    const outcome = await verifyEarnings(config.dataDir, { ...reach, directoryUrl: config.overrides.directoryUrl });
    (outcome.code === 2 ? process.stderr : process.stdout).write(outcome.text);
    return outcome.code;
  }
  if (config.fleet) {
    const { reportFleet } = await import('./fleet-report');
    const outcome = await reportFleet(config.dataDir, reach);
    process.stdout.write(outcome.text);
    return outcome.code;
  }
  if (config.operatorCreate !== undefined || config.operatorImport !== undefined) {
    // Loaded only here: the operator identity's code is no part of a host run.
    const { createOperatorCommand, importOperatorCommand } = await import('./operator-command');
    const outcome =
      config.operatorCreate !== undefined
        ? await createOperatorCommand(config.dataDir, config.operatorCreate, reach)
        : await importOperatorCommand(
            config.dataDir,
            config.operatorImport!,
            { env: process.env, stdin: process.stdin, prompt: process.stderr },
            reach,
          );
    (outcome.code === 0 ? process.stdout : process.stderr).write(outcome.text);
    return outcome.code;
  }
  // An address was judged with the flags; a name is judged now, on what it resolves to.
  const backendRefused = config.overrides.backendUrl
    ? await backendNameRefusal(config.overrides.backendUrl, config.allowLinkLocalBackend === true)
    : null;
  if (backendRefused) {
    process.stderr.write(`iicp-provider: ${backendRefused}\n`);
    return 64;
  }
  if (config.allowRemoteUi && !['127.0.0.1', '::1', 'localhost'].includes(config.uiHost)) {
    process.stderr.write(
      `WARNING: the dashboard listens on ${config.uiHost}, reachable from other computers. Anyone with the token controls this node.\n`,
    );
  }
  let host;
  try {
    const options = {
      appVersion: appVersion(),
      onInternalError: (err: unknown) =>
        process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`),
    };
    // The in-process host is loaded only when asked for: it brings the whole engine into this process.
    host = config.engineInProcess
      ? await (await import('./in-process-host')).startHeadless(config, options)
      : await startSupervisedHeadless(config, options);
  } catch (err) {
    if (err instanceof EngineStartError) {
      process.stderr.write(`iicp-provider: ${err.message}\n`);
      return exitCodeFor(err.kind);
    }
    // The in-process engine's own start failures (the supervised engine reports them as EngineStartError).
    const { kind } = classifyStartFailure(err);
    if (kind !== 'start_failed') {
      process.stderr.write(`iicp-provider: ${err instanceof Error ? err.message : String(err)}\n`);
      return exitCodeFor(kind);
    }
    process.stderr.write(`iicp-provider: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const running = host;
  // Started: the young generation, held small since the entry's first line, grows with the work from now on.
  letYoungGenerationGrow();
  // Loaded once the engine runs, and before a signal can stop the host: a stop never races a report starting.
  const { reportGateway } = await import('./gateway-report');
  let stopGatewayReport = () => {};
  // Handlers go in before the URL is printed: whoever reads the URL may signal us at once.
  const exitCode = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      stopGatewayReport();
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
  // A token kept in a file (a service's: its output goes to the system journal) is not printed; the file has it.
  const dashboard = config.uiTokenFile
    ? `${host.url.replace(/#token=.*$/, '')} (sign in with the token in ${config.uiTokenFile})`
    : host.url;
  const notes = host.notes.map((note) => `${note}\n`).join('');
  process.stdout.write(`IICP Provider is running headless. Data: ${config.dataDir}\n${notes}Dashboard: ${dashboard}\n`);
  // The gateway's line follows it however it is switched; its key file is made only when the flags turned it on.
  const engine = 'supervisor' in running ? running.supervisor : running.node;
  stopGatewayReport = reportGateway(
    engine,
    running.dispatch,
    config.dataDir,
    {
      print: (line) => process.stdout.write(`${line}\n`),
      warn: (line) => process.stderr.write(`iicp-provider: ${line}\n`),
    },
    { keyFile: config.overrides.gateway?.enabled === true },
  ).stop;
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`iicp-provider: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run headless`: the dashboard and its bridge in this process, the engine in its own, supervised: a crash or a
 * freeze of the engine restarts it while the dashboard stays up and says so ("restarting"), and a crash loop ends in
 * a plain-words problem on the dashboard instead of a restart every few seconds forever.
 */
import { fileURLToPath } from 'node:url';
import type { Dispatch, HostCommandHandlers } from '@shared/contract/dispatch';
import { fixedHostHandlers } from './fixed-host-handlers';
import { forkLauncher } from '../supervisor/fork-launcher';
import { createHostDispatch } from '../supervisor/host-dispatch';
import type { LaunchEngine, SupervisorTimings } from '../supervisor/options';
import type { RestartPolicyOptions } from '../supervisor/restart-policy';
import { EngineSupervisor } from '../supervisor/supervisor';
import type { HeadlessConfig } from './config';
import type { HeadlessOptions } from './host';
import { headlessNodeOptions } from './node-options';
import { dashboardFiles } from './static-files';

export interface SupervisedHeadlessOptions extends HeadlessOptions {
  /** How the engine's process is started (default: fork the built engine beside this bundle). */
  launch?: LaunchEngine;
  timings?: Partial<SupervisorTimings>;
  restartPolicy?: RestartPolicyOptions;
  log?: (line: string) => void;
}

export interface SupervisedHeadlessHost {
  url: string;
  port: number;
  /** What to tell the person about the link (printed with it). */
  notes: string[];
  supervisor: EngineSupervisor;
  /** The contract's commands, as the dashboard sends them (checked, then answered by the engine or this host). */
  dispatch: Dispatch;
  stop(): Promise<void>;
}

/**
 * The engine's environment: the host's, without what only the host needs. The engine is the process on the task port;
 * the dashboard token and an operator file's passphrase (left set by a script's `--operator-import`) are none of its
 * business, and the backend API key reaches it in its options.
 */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { IICP_UI_TOKEN: _token, IICP_BACKEND_API_KEY: _key, IICP_OPERATOR_PASSPHRASE: _passphrase, ...rest } = env;
  return rest;
}

/** The built engine (out/main/engine.js) beside the built host. */
export const ENGINE_ENTRY = (): string => fileURLToPath(new URL('./engine.js', import.meta.url));

/**
 * Starts the engine's process and, once it runs, the dashboard. Throws `EngineStartError` if the engine cannot start.
 */
export async function startSupervisedHeadless(
  config: HeadlessConfig,
  options: SupervisedHeadlessOptions,
): Promise<SupervisedHeadlessHost> {
  const files = dashboardFiles(options.rendererDir);
  const supervisor = new EngineSupervisor({
    launch: options.launch ?? forkLauncher(ENGINE_ENTRY(), { env: engineEnv(process.env) }),
    node: headlessNodeOptions(config, options.appVersion),
    ...(options.timings ? { timings: options.timings } : {}),
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
    log: options.log ?? ((line) => process.stderr.write(`iicp-provider: ${line}\n`)),
  });
  const starting = supervisor.start();
  // The dashboard's server loads while the engine's process starts, which on two cores is time the launch gets back.
  const dashboardServer = import('./host');
  dashboardServer.catch(() => {}); // awaited below, once the engine runs; an engine that fails to start comes first
  await starting;
  const { serveDashboard } = await dashboardServer;
  // The engine's snapshot already says why a headless node does not update itself.
  const host: HostCommandHandlers = {
    ...fixedHostHandlers(() => supervisor.getSnapshot()!.update),
    restartEngine: () => supervisor.restartNow(),
  };
  const dispatch = createHostDispatch(supervisor, host, options.onInternalError);
  const served = await serveDashboard(config, files, dispatch, supervisor);
  let stopping: Promise<void> | null = null;
  return {
    url: served.url,
    port: served.port,
    notes: served.notes,
    supervisor,
    dispatch,
    stop: () =>
      // The supervisor first: from then on an engine that stops (Ctrl+C reaches it too) is not restarted.
      (stopping ??= Promise.all([supervisor.stop(), served.close()]).then(() => undefined)),
  };
}

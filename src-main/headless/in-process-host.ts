/**
 * The headless host with the engine in its own process's memory: for tests and tools that need the `ProviderNode`
 * itself. `npm run headless` runs the engine in a separate, supervised process instead (supervised-host.ts).
 */
import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import { fixedHostHandlers } from './fixed-host-handlers';
import { ProviderNode } from '@engine/index';
import type { HeadlessConfig } from './config';
import { serveDashboard, type HeadlessOptions } from './host';
import { headlessNodeOptions } from './node-options';
import { dashboardFiles } from './static-files';

export interface HeadlessHost {
  url: string;
  port: number;
  /** What to tell the person about the link (printed with it). */
  notes: string[];
  node: ProviderNode;
  /** The contract's commands, as the dashboard sends them (checked, then answered by the node or this host). */
  dispatch: Dispatch;
  stop(): Promise<void>;
}

/**
 * Starts the engine in this process and its dashboard (tests and tools; `npm run headless` runs the engine in its
 * own supervised process, see supervised-host.ts). Throws `StoreOpenError` before binding anything if the DB is
 * unusable. */
export async function startHeadless(config: HeadlessConfig, options: HeadlessOptions): Promise<HeadlessHost> {
  const files = dashboardFiles(options.rendererDir);
  const node = new ProviderNode(headlessNodeOptions(config, options.appVersion));
  await node.start();
  const dispatch = createDispatcher(
    { ...node.commandHandlers(), ...fixedHostHandlers(() => node.getSnapshot().update) },
    options.onInternalError,
  );
  const dashboard = await serveDashboard(config, files, dispatch, node);
  let stopped = false;
  return {
    url: dashboard.url,
    port: dashboard.port,
    notes: dashboard.notes,
    node,
    dispatch,
    async stop() {
      if (stopped) return;
      stopped = true;
      await dashboard.close();
      await node.stop();
    },
  };
}

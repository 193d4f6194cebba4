import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import { ProviderNode } from '@engine/node/provider-node';
import { tempDir } from './tmp';

/**
 * A started engine on a fresh data folder (task port on loopback, snapshots unthrottled) with a dispatcher over its
 * commands; `internal` collects what the dispatcher reports as internal errors. Its stop and clean-up go to `cleanups`.
 */
export async function dispatchingNode(
  cleanups: (() => Promise<void> | void)[],
): Promise<{ node: ProviderNode; dispatch: Dispatch; internal: unknown[] }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const node = new ProviderNode({
    dataDir: t.dir,
    host: 'headless',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: 't',
    tuning: { snapshotIntervalMs: 0 },
  });
  await node.start();
  cleanups.push(() => node.stop());
  const internal: unknown[] = [];
  return { node, dispatch: createDispatcher(node.commandHandlers(), (e) => internal.push(e)), internal };
}

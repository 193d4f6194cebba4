import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { startNode, type NodeHarness } from '../../support/node-harness';

/**
 * A bench node looks at its backend in the background after it starts; until it advertises a model every task is
 * refused. Waits (bounded) until `/iicp/health` lists one.
 */
export async function untilModelAdvertised(base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${base}/iicp/health`)).json()) as { models?: string[] };
    if (health.models && health.models.length > 0) return;
    if (Date.now() > deadline) throw new Error(`the node never advertised a model: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The shipped hosts keep ProviderNode's 250 ms snapshot throttle (the test harness's default publishes on every
 * change).
 */
const BENCH_TUNING = {
  snapshotIntervalMs: 250,
  directoryStartupRetryDelaysMs: [200, 400],
  directoryBackoffBaseMs: 200,
};

/**
 * A bench node the test directory registers: its task port advertised on loopback (allowed here), data in `dataDir`;
 * resolves once it advertises a model and is registered.
 */
export async function registeredNode(
  where: { backend: string; dataDir: string; directoryUrl: string },
  settings: Parameters<typeof startNode>[0],
  o: { gatewayPort?: number; publicFetch?: typeof fetch } = {},
): Promise<NodeHarness> {
  const port = await freePort();
  const h = await startNode(
    {
      backendUrl: where.backend,
      directoryUrl: where.directoryUrl,
      publicEndpoint: `http://127.0.0.1:${port}`,
      ...settings,
    },
    { taskPort: port, allowPrivateEndpoint: true, tuning: BENCH_TUNING, ...o },
    where.dataDir,
  );
  await untilModelAdvertised(h.base, 10_000);
  await eventually(() => {
    if (h.node.getSnapshot().directory.link !== 'registered') throw new Error('not registered yet');
  }, 20_000);
  return h;
}

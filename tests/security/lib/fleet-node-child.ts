/**
 * Child process of hostile-fleet.test.ts and the `fleet` bench: a node with an operator identity in a process of its
 * own, registered nowhere and with no other machine to look at, so the CPU it reports is its own answers' and little
 * else. The parent sends it questions from outside and reads its CPU (`process.cpuUsage()`, in µs, every thread of
 * the process) before and after each slice.
 *
 *   fleet-node-child.ts '{"dataDir": …, "backendUrl": …}'
 *
 * Calls: `cpu` (user + system µs so far), `identity` (its node id and the identity's export file, sealed with
 * `FLEET_NODE_PASSPHRASE` of fleet-attack.ts, from which a machine of the operator derives the fleet key).
 */
import { serveChild } from '../../bench/lib/server-child';
import { startNode } from '../../support/node-harness';
import { FLEET_NODE_PASSPHRASE, type FleetNodeInfo } from './fleet-attack';

const config = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; backendUrl: string };

serveChild<FleetNodeInfo>(async () => {
  // No directory answers at this address: the node serves unregistered, as one does until its first REGISTER.
  const h = await startNode(
    { backendUrl: config.backendUrl, directoryUrl: 'http://127.0.0.1:9', relayFallback: false },
    { tuning: { directoryStartupRetryDelaysMs: [60_000], directoryBackoffBaseMs: 60_000 } },
    config.dataDir,
  );
  await h.node.commandHandlers().createOperator({ displayName: 'Ada Rigs' });
  const file = await h.node.commandHandlers().exportOperator({ passphrase: FLEET_NODE_PASSPHRASE });
  return {
    info: { taskPort: h.port, nodeId: h.node.getSnapshot().node.nodeId!, file: file.text },
    handlers: {
      cpu: () => {
        const c = process.cpuUsage();
        return c.user + c.system;
      },
    },
    close: () => h.stop(),
  };
});

/**
 * A provider node in its own process that reaches the network only through a relay (no public address, no router
 * mapping, no tunnel), for tests that measure what a hostile relay costs it: its RSS from /proc, its `/iicp/health`
 * from outside, its event loop here. Started with tests/bench/lib/server-child.ts `startChild`:
 *
 *   relay-node-child.ts <directoryUrl> <backendUrl>
 *
 * Calls: `state` (the relay worker's state and the directory link), `loop` (event-loop delay since the last call),
 * `stall` (from now on, a synchronous loop doing 300 ms of work every second: a node blocked the way attacks used to
 * block it, for the test that shows the health bound catches one).
 */
import { loopDelayWindows } from '../loop-delay';
import { serveChild } from '../../bench/lib/server-child';
import { startNode } from '../node-harness';

export interface RelayNodeInfo {
  port: number;
  nodeId: string;
}

const [directoryUrl, backendUrl] = process.argv.slice(2) as [string, string];

serveChild<RelayNodeInfo>(async () => {
  const h = await startNode(
    { backendUrl, directoryUrl },
    {
      allowPrivateEndpoint: true,
      tuning: {
        directoryStartupRetryDelaysMs: [100, 200],
        directoryBackoffBaseMs: 100,
        relay: { retryBaseMs: 100, retryMaxMs: 1_000 },
        snapshotIntervalMs: 250,
      },
    },
  );
  const loop = loopDelayWindows();
  return {
    info: { port: h.port, nodeId: h.node.getSnapshot().node.nodeId! },
    handlers: {
      state: () => {
        const s = h.node.getSnapshot();
        return {
          relay: s.reachability.relay?.state ?? null,
          link: s.directory.link,
          steps: s.reachability.relay ? s.reachability.steps.slice(-5) : [],
        };
      },
      stall: () => {
        // 300 ms of the process's CPU time, not of the clock: the work a synchronous parse of a big body does is the
        // same on a busy machine, only spread over more of the clock.
        setInterval(() => {
          const from = process.cpuUsage();
          for (;;) {
            const used = process.cpuUsage(from);
            if (used.user + used.system >= 300_000) break;
          }
        }, 1_000);
        return true;
      },
      loop,
    },
    close: () => h.stop(),
  };
});

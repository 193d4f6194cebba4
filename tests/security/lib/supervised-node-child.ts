/**
 * A node as the headless host runs it, in a process of its own: the real host supervisor (EngineSupervisor, its
 * 1 s heartbeat, its 4 s limit before it kills and restarts a frozen engine) and the real engine process it forks
 * (the bundle the run's global setup built from these sources). Nothing to reach: no LLM server, no directory, no
 * router, relay or tunnel; the task port listens on 127.0.0.1 and speaks HTTP and native frames. Started with
 * tests/bench/lib/server-child.ts `startChild`, no arguments.
 *
 * Calls: `engine` (the engine's pid, state and restarts as the supervisor reports them, and the CPU time it has used,
 * all threads), `markRss` (starts a new window of the engine's RSS, sampled every 100 ms from /proc) and `rss` (that
 * window's first sample and peak, MiB).
 */
import { readFileSync } from 'node:fs';
import { forkLauncher } from '@main/supervisor/fork-launcher';
import { EngineSupervisor } from '@main/supervisor/supervisor';
import { serveChild } from '../../bench/lib/server-child';
import { engineBundleEntry } from '../../support/engine-bundle';
import { freePort } from '../../support/free-port';
import { tempDir } from '../../support/tmp';

export interface SupervisedNodeInfo {
  port: number;
  enginePid: number;
}

export interface EngineReport {
  pid: number | null;
  state: string;
  restarts: number;
  /** User and system CPU time of the engine process so far (ms), from /proc; null where there is none. */
  cpuMs: number | null;
}

/** Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in ms; the comm field may hold spaces. USER_HZ is 100. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return null;
  }
}

export interface RssWindow {
  startMiB: number;
  peakMiB: number;
  samples: number;
}

serveChild<SupervisedNodeInfo>(async () => {
  const port = await freePort();
  const data = tempDir('iicp-supervised-node-');
  const supervisor = new EngineSupervisor({
    launch: forkLauncher(engineBundleEntry(), { execArgv: [] }),
    node: {
      dataDir: data.dir,
      host: 'headless',
      appVersion: '0.1.0-test',
      taskHost: '127.0.0.1',
      taskPort: port,
      overrides: {
        portMapping: 'off',
        backendUrl: 'http://127.0.0.1:9',
        directoryUrl: 'http://127.0.0.1:9',
        relayFallback: false,
        quickTunnel: false,
      },
    },
    log: (line) => process.stderr.write(`[supervised-node] ${line}\n`),
  });
  await supervisor.start();

  const rssMiB = (): number | null => {
    const pid = supervisor.processInfo().pid;
    if (!pid) return null;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) / 1024 : null;
    } catch {
      return null;
    }
  };
  let window: RssWindow = { startMiB: 0, peakMiB: 0, samples: 0 };
  const sample = () => {
    const r = rssMiB();
    if (r === null) return;
    if (window.samples === 0) window.startMiB = r;
    window.peakMiB = Math.max(window.peakMiB, r);
    window.samples += 1;
  };
  const sampler = setInterval(sample, 100);

  return {
    info: { port, enginePid: supervisor.processInfo().pid! },
    handlers: {
      engine: (): EngineReport => {
        const p = supervisor.processInfo();
        return { pid: p.pid, state: p.state, restarts: p.restarts, cpuMs: p.pid ? cpuMs(p.pid) : null };
      },
      markRss: () => {
        window = { startMiB: 0, peakMiB: 0, samples: 0 };
        sample();
        return true;
      },
      rss: (): RssWindow => window,
    },
    close: async () => {
      clearInterval(sampler);
      await supervisor.stop();
      data.cleanup();
    },
  };
});

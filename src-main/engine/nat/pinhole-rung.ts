import type { PinholeInfo } from '../../../src-preload/contract';
import type { InterfaceSource } from './local-addresses';
import { pinholeHealthState } from './pinhole/pinhole-health';
import { PinholeTask, type PinholeTaskOptions, type PinholeTaskStatus } from './pinhole/pinhole-task';
import { UpnpPinholeClient, type PinholeClient } from './pinhole/upnp-pinhole-client';

/** What the Network page shows about an IPv6 firewall pinhole. */
export type PinholeView = PinholeInfo;

/** The IPv6 pinhole rung (brief §9.4), as the ladder uses it. */
export interface PinholeRung {
  /**
   * Asks the router to open its IPv6 firewall for this address and port: `pinhole` once one is held, `firewall_off`
   * when the router says its IPv6 firewall lets everything in anyway, null when neither.
   */
  open(address: string, port: number, step: (line: string) => void): Promise<'pinhole' | 'firewall_off' | null>;
  readonly usable: boolean;
  view(): PinholeView | null;
  /** `pinhole_state` for /iicp/health: `{active:false}` or `{active:true, unique_id, lease_seconds}`. */
  healthState(): Record<string, unknown>;
  close(): Promise<void>;
}

export interface PinholeRungOptions {
  /** The UPnP client for one address (tests give a scripted one); default the real SSDP/SOAP client. */
  createClient?: (address: string) => PinholeClient;
  interfaces?: InterfaceSource;
  task?: Omit<PinholeTaskOptions, 'client' | 'address' | 'port'>;
  onChange: () => void;
}

/** Held: the router keeps the opening (a renewal being retried still counts until the lease runs out). */
const HELD = new Set(['open', 'renewing', 'retrying', 'not_needed']);

/** The IPv6 rung over the pinhole task: one opening at a time, renewed by the task, deleted on close. */
export function createPinholeRung(o: PinholeRungOptions): PinholeRung {
  let task: PinholeTask | null = null;
  let last: PinholeTaskStatus | null = null;
  const close = async () => {
    const t = task;
    task = null;
    if (t) {
      await t.stop();
      last = t.status;
    }
  };
  return {
    async open(address, port, step) {
      await close();
      const client = o.createClient ? o.createClient(address) : new UpnpPinholeClient({ localAddress: address, interfaces: o.interfaces });
      const t = new PinholeTask({ client, address, port, ...o.task });
      t.onChange(() => o.onChange());
      task = t;
      const st = await t.start();
      for (const line of st.steps) step(line.replace(/^\S+Z /, ''));
      if (st.state === 'open') return 'pinhole';
      if (st.state === 'not_needed') return 'firewall_off';
      await close();
      return null;
    },
    get usable() {
      return task !== null && HELD.has(task.status.state);
    },
    view() {
      const st = task?.status ?? last;
      if (!st) return null;
      return {
        state: PINHOLE_STATE_WORDS[st.state] ?? st.state,
        address: st.address,
        port: st.port,
        uniqueId: st.uniqueId,
        leaseSeconds: st.leaseSeconds,
        leaseRemainingSeconds: st.leaseRemainingSeconds,
        lastError: st.lastError,
      };
    },
    healthState: () => pinholeHealthState(task?.status),
    close,
  };
}

const PINHOLE_STATE_WORDS: Record<string, string> = {
  idle: 'Not started',
  discovering: 'Looking for the router',
  opening: 'Asking the router to open its IPv6 firewall',
  open: 'Open: the router lets connections through',
  renewing: 'Renewing the lease',
  retrying: 'Renewal failed, trying again',
  not_needed: "The router's IPv6 firewall is off: nothing to open",
  refused: 'The router refused to open its firewall',
  failed: 'No router offers IPv6 firewall openings',
  lost: 'The router lost the opening: asking again',
  stopping: 'Closing',
  stopped: 'Closed',
};

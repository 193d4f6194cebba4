import type { EventLevel, PinholeInfo } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import type { InterfaceSource } from './local-addresses';
import { pinholeHealthState } from './pinhole/pinhole-health';
import { PinholeTask, type PinholeTaskEvent, type PinholeTaskStatus } from './pinhole/pinhole-task';
import type { PinholeTaskOptions } from './pinhole/pinhole-task-options';
import { UpnpPinholeClient, type PinholeClient } from './pinhole/upnp-pinhole-client';

/** What the Network page shows about an IPv6 firewall pinhole. */
export type PinholeView = PinholeInfo;

/** The IPv6 pinhole rung (a UPnP firewall pinhole for the node's global IPv6 address), as the ladder uses it. */
export interface PinholeRung {
  /**
   * Asks the router to open its IPv6 firewall for this address and port: `pinhole` once one is held, `firewall_off`
   * when the router says its IPv6 firewall lets everything in anyway, null when neither.
   */
  open(address: string, port: number, step: (words: Said) => void): Promise<'pinhole' | 'firewall_off' | null>;
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
  /**
   * Openings in a row that failed through the device's fault (an answer that could not be read or took too long, an
   * exchange that broke) after which the helper is switched off for a while (default 3).
   */
  offAfterFailures?: number;
  /** How long the helper stays switched off (default 30 min). */
  offForMs?: number;
  now?: () => number;
  log?: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
}

const OFF_AFTER_FAILURES = 3;
const OFF_FOR_MS = 30 * 60_000;

/** Held: the router keeps the opening (a renewal being retried still counts until the lease runs out). */
const HELD = new Set(['open', 'renewing', 'retrying', 'not_needed']);

/** The IPv6 rung over the pinhole task: one opening at a time, renewed by the task, deleted on close. */
export function createPinholeRung(o: PinholeRungOptions): PinholeRung {
  const now = o.now ?? Date.now;
  const offAfter = o.offAfterFailures ?? OFF_AFTER_FAILURES;
  const offFor = o.offForMs ?? OFF_FOR_MS;
  let task: PinholeTask | null = null;
  let last: PinholeTaskStatus | null = null;
  // A device that keeps answering with something broken (or hostile) costs a discovery and a read per attempt; after a
  // few such failures in a row the helper rests, and the ladder goes on to the other rungs. The node is never held up.
  let deviceFailures = 0;
  let offUntil: number | null = null;
  let offReason: Said | null = null;
  const isOff = () => offUntil !== null && now() < offUntil;
  const minutesLeft = () => Math.max(1, Math.ceil(((offUntil ?? 0) - now()) / 60_000));
  /** Counts the outcome of one opening: a failure the device caused, or anything that says the device is sound. */
  const judge = (failed: Extract<PinholeTaskEvent, { type: 'failed' }> | null, st: PinholeTaskStatus) => {
    const state = st.state;
    if (failed && (failed.kind === 'transport' || failed.kind === 'timeout')) {
      deviceFailures += 1;
      if (deviceFailures < offAfter) return;
      deviceFailures = 0;
      offUntil = now() + offFor;
      offReason = st.lastError;
      o.log?.('warn', 'pinhole_helper_off', `failures=${offAfter} off_ms=${offFor} ${failed.reason}`);
      o.onChange();
    } else if (state === 'open' || state === 'not_needed' || state === 'refused' || failed?.kind === 'unavailable') {
      deviceFailures = 0;
    }
  };
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
      if (isOff()) {
        step(said('ladder.pinhole.resting', { minutes: minutesLeft() }));
        return null;
      }
      offUntil = null;
      offReason = null;
      const client = o.createClient
        ? o.createClient(address)
        : new UpnpPinholeClient({ localAddress: address, interfaces: o.interfaces });
      const t = new PinholeTask({ client, address, port, ...o.task });
      let failed: Extract<PinholeTaskEvent, { type: 'failed' }> | null = null;
      t.onChange((e) => {
        if (e.type === 'failed') failed = e;
        o.onChange();
      });
      task = t;
      const st = await t.start();
      for (const line of st.steps) step(line.words);
      judge(failed, st);
      if (isOff())
        step(said('ladder.pinhole.switchedOff', { minutes: Math.round(offFor / 60_000), failures: offAfter }));
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
      const off = !task && isOff();
      return {
        state: off ? said('ladder.pinhole.state.resting', { minutes: minutesLeft() }) : pinholeStateSaid(st.state),
        address: st.address,
        port: st.port,
        uniqueId: st.uniqueId,
        leaseSeconds: st.leaseSeconds,
        leaseRemainingSeconds: st.leaseRemainingSeconds,
        lastError: off ? (offReason ?? st.lastError) : st.lastError,
      };
    },
    healthState: () => pinholeHealthState(task?.status),
    close,
  };
}

const PINHOLE_STATE_WORDS: Record<PinholeTaskStatus['state'], MessageId> = {
  idle: 'ladder.pinhole.state.idle',
  discovering: 'ladder.pinhole.state.discovering',
  opening: 'ladder.pinhole.state.opening',
  open: 'ladder.pinhole.state.open',
  renewing: 'ladder.pinhole.state.renewing',
  retrying: 'ladder.pinhole.state.retrying',
  not_needed: 'ladder.pinhole.state.notNeeded',
  refused: 'ladder.pinhole.state.refused',
  failed: 'ladder.pinhole.state.failed',
  lost: 'ladder.pinhole.state.lost',
  stopping: 'ladder.pinhole.state.stopping',
  stopped: 'ladder.pinhole.state.stopped',
};

/** The task's state as the Network page says it. */
const pinholeStateSaid = (state: PinholeTaskStatus['state']): Said => said(PINHOLE_STATE_WORDS[state]);

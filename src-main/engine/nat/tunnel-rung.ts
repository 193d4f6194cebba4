import type { EventLevel, TunnelInfo } from '@shared/contract';
import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import { probeReach, type ReachProof } from '../net';
import { findExistingTunnel, type ExistingTunnel } from './tunnels/existing-tunnel';
import { QuickTunnel } from './tunnels/quick-tunnel';
import { CLOUDFLARED_INSTALL_HINT, type QuickTunnelTimings } from './tunnels/quick-tunnel-options';
import type { RunTailscale } from './tunnels/tailscale-funnel';
import type { EngineEventName } from '@shared/words/event-words';

/** What the Network page shows about a tunnel in use (times in ms here, ISO in the snapshot). */
export type TunnelView = Omit<TunnelInfo, 'nextAttemptAt'> & { nextAttemptAt: number | null };

/** The tunnel rungs of the ladder (one the person already runs, a quick tunnel), as the ladder uses them. */
export interface TunnelRung {
  /** A tunnel the person already runs (ngrok, Tailscale Funnel, IICP_TUNNEL_URL) to this port, or null. */
  findExisting(port: number, step: (words: Said) => void): Promise<string | null>;
  /** Whether a quick tunnel could be started (cloudflared is on PATH). */
  quickAvailable(): boolean;
  /**
   * Starts a quick tunnel; resolves with its verified URL, or null. `onMove` reports a new URL, or null while down
   * (`gone`: switched off, so not back soon).
   */
  startQuick(
    port: number,
    step: (words: Said) => void,
    onMove: (url: string | null, reason: Said, gone: boolean) => void,
  ): Promise<string | null>;
  readonly usable: boolean;
  view(): TunnelView | null;
  stop(): Promise<void>;
}

export interface TunnelRungOptions {
  /** Where the quick tunnel's creation limits live, shared by every program on this computer. */
  stateDir: string;
  /** Environment for the tunnel variables and for finding cloudflared / tailscale on PATH; default this process's. */
  env?: NodeJS.ProcessEnv;
  ngrokApiUrl?: string;
  runTailscale?: RunTailscale;
  /**
   * How public tunnel URLs are called (the check through a found address, the watchdog): in production only at an
   * address their name resolves to that the rules allow (net/pinned-fetch.ts); tests route tunnel host names to
   * stand-ins.
   */
  fetchImpl?: typeof fetch;
  /** How the ngrok agent's local API is asked; default `fetchImpl`. */
  agentFetch?: typeof fetch;
  timings?: Partial<QuickTunnelTimings>;
  /** What this node's task server answers one-time codes with: how an address is shown to lead here. */
  reachProof: ReachProof;
  /** Bound on the request sent through a found tunnel before it is used; default 8 s. */
  reachTimeoutMs?: number;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  now?: () => number;
}

const DEFAULT_REACH_TIMEOUT_MS = 8_000;

/**
 * The tunnel rungs over the tunnel modules: an existing tunnel found once per ladder run, a quick tunnel kept alive.
 */
export function createTunnelRung(o: TunnelRungOptions): TunnelRung {
  let existing: ExistingTunnel | null = null;
  let quick: QuickTunnel | null = null;
  const now = o.now ?? Date.now;
  // Kept across the quick tunnels of later ladder runs: a cloudflared that flooded the node would do it again.
  let quickOff: { untilMs: number; why: Said } | null = null;
  const offMinutes = () =>
    quickOff && quickOff.untilMs > now() ? Math.max(1, Math.ceil((quickOff.untilMs - now()) / 60_000)) : null;
  /**
   * An address another program named (the ngrok agent's API, the tailscale CLI) is used only after a request sent
   * through it reached this node: whoever runs a program on this computer could otherwise name their own server.
   * An address from the tunnel variables was set by the person who started the node, like a public URL in Settings.
   */
  const leadsHere = async (found: ExistingTunnel, step: (words: Said) => void): Promise<boolean> => {
    if (found.source === 'env') return true;
    step(said('tunnel.existing.checking', { url: found.url }));
    const r = await probeReach(
      found.url,
      o.reachProof,
      o.fetchImpl ?? fetch,
      o.reachTimeoutMs ?? DEFAULT_REACH_TIMEOUT_MS,
    );
    if (r.ok) {
      step(said('tunnel.existing.reached', { url: found.url }));
      return true;
    }
    if (r.refused) {
      // Nothing was sent: the name leads back to this computer or into a private network.
      step(said('tunnel.existing.refused', { url: found.url, reason: r.reason }));
      o.log('warn', 'tunnel_not_ours', `source=${found.source} place=${r.refused}`);
      return false;
    }
    step(said('tunnel.existing.notReached', { url: found.url, reason: r.reason }));
    o.log('warn', 'tunnel_not_ours', `source=${found.source} ${r.why}`);
    return false;
  };
  const stopQuick = async () => {
    const q = quick;
    quick = null;
    await q?.stop();
  };
  return {
    async findExisting(port, step) {
      existing = null;
      const r = await findExistingTunnel({
        port,
        env: o.env,
        ngrokApiUrl: o.ngrokApiUrl,
        runTailscale: o.runTailscale,
        fetchImpl: o.agentFetch ?? o.fetchImpl,
      });
      for (const words of r.steps) step(words);
      const found = r.found && r.found.matchesPort !== false ? r.found : null;
      if (found && !(await leadsHere(found, step))) return null;
      existing = found;
      return existing?.url ?? null;
    },
    quickAvailable: () => QuickTunnel.findBinary(o.env ?? process.env) !== null,
    async startQuick(port, step, onMove) {
      await stopQuick();
      const off = offMinutes();
      if (off !== null) {
        step(said('tunnel.quick.offFor', { minutes: off, why: quickOff!.why }));
        return null;
      }
      const binary = QuickTunnel.findBinary(o.env ?? process.env);
      if (!binary) {
        step(CLOUDFLARED_INSTALL_HINT);
        return null;
      }
      step(said('tunnel.quick.starting'));
      let first = true;
      const q = new QuickTunnel({
        port,
        stateDir: o.stateDir,
        binary,
        fetchImpl: o.fetchImpl,
        env: o.env,
        timings: o.timings,
        reachProof: o.reachProof,
        log: o.log,
        onChange: o.onChange,
        now: o.now,
        onSwitchedOff: (untilMs, why) => (quickOff = { untilMs, why }),
        // The first URL is returned below; later ones (a rebuilt tunnel) and outages are news for the ladder.
        onUrl: (url, reason) => {
          if (first || quick !== q) return;
          onMove(url, reason, url === null && q.status.state === 'off');
        },
      });
      quick = q;
      await q.start();
      first = false;
      const st = q.status;
      if (st.state === 'up' && st.url) {
        step(said('tunnel.quick.answersAt', { url: st.url }));
        return st.url;
      }
      if (st.state === 'off' && st.lastError) step(st.lastError);
      else
        step(st.lastError ? said('tunnel.quick.notUpBecause', { reason: st.lastError }) : said('tunnel.quick.notUp'));
      await stopQuick();
      return null;
    },
    get usable() {
      if (quick) return quick.status.state === 'up';
      return existing !== null;
    },
    view() {
      if (quick) {
        const st = quick.status;
        return {
          kind: 'quick',
          source: 'cloudflared',
          url: st.url,
          state: said(QUICK_STATE_IDS[st.state]),
          nextAttemptAt: st.nextAttemptAt,
          lastError: st.lastError,
        };
      }
      if (existing)
        return {
          kind: 'existing',
          source: existing.source,
          url: existing.url,
          state: said('tunnel.state.inUse', { detail: existing.detail }),
          nextAttemptAt: null,
          lastError: null,
        };
      const off = offMinutes();
      if (off !== null) {
        const state = said('tunnel.state.offFor', { minutes: off });
        return {
          kind: 'quick',
          source: 'cloudflared',
          url: null,
          state,
          nextAttemptAt: quickOff!.untilMs,
          lastError: said('tunnel.quick.offWhy', { why: quickOff!.why }),
        };
      }
      return null;
    },
    async stop() {
      existing = null;
      await stopQuick();
    },
  };
}

const QUICK_STATE_IDS: Record<QuickTunnel['status']['state'], MessageId> = {
  idle: 'tunnel.state.idle',
  waiting: 'tunnel.state.waiting',
  starting: 'tunnel.state.starting',
  verifying: 'tunnel.state.verifying',
  up: 'tunnel.state.up',
  recovering: 'tunnel.state.recovering',
  cooling_down: 'tunnel.state.coolingDown',
  dead: 'tunnel.state.dead',
  off: 'tunnel.state.off',
  stopped: 'tunnel.state.stopped',
};

/**
 * Who may have a request of `/iicp/fleet` read now. The route faces the internet, and only the operator's machines
 * have a use for it: each asks each other machine once per heartbeat interval (at most 32 machines, at least a second
 * apart). So each source gets an allowance that a full list of machines behind one address never spends (a burst of
 * `burst`, `perSecond` more each second), at most `perSource` of its requests are read at once, and at most `inFlight`
 * over all sources, which bounds the memory of bodies being read. A request over a limit is answered before a byte of
 * its body is read, so a flood costs what a refusal costs.
 *
 * A local tunnel or a reverse proxy the owner named carries every client on its connections (siblings among them), so
 * it counts only against the overall cap, as it does for connections (task-server.ts): its allowance would be shared
 * by an attacker and the siblings behind it, and a flood would then silence them (a "down" alert for a machine that
 * is up) without saving more than the bounded cost of each refused request.
 */
import { FLEET_MAX_MACHINES } from '@shared/contract';

export interface FleetLimitTerms {
  burst: number;
  perSecond: number;
  perSource: number;
  inFlight: number;
  /** Sources remembered at once; past it a newcomer is left to the overall cap until idle ones are let go. */
  maxSources: number;
}

export const FLEET_LIMITS: FleetLimitTerms = {
  burst: 2 * FLEET_MAX_MACHINES,
  perSecond: FLEET_MAX_MACHINES,
  perSource: 8,
  inFlight: 2 * FLEET_MAX_MACHINES,
  maxSources: 4096,
};

/** Why a request is not read: its source spent its allowance, or too many requests are being read. */
export type FleetAdmission = 'ok' | 'rate' | 'busy';

interface SourceState {
  tokens: number;
  at: number;
  reading: number;
}

export class FleetLimits {
  private readonly terms: FleetLimitTerms;
  /** By source, the one that asked longest ago first (each request moves its source to the end). */
  private readonly sources = new Map<string, SourceState>();
  private reading = 0;

  constructor(
    terms: Partial<FleetLimitTerms> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.terms = { ...FLEET_LIMITS, ...terms };
  }

  /** Requests being read or answered now, over all sources. */
  get inFlight(): number {
    return this.reading;
  }

  /**
   * Whether a request from `source` may be read now; `shared` for a local tunnel or a trusted proxy, which only the
   * overall cap applies to. An admitted request is given back with `release`, once.
   */
  admit(source: string, shared: boolean): FleetAdmission {
    if (this.reading >= this.terms.inFlight) return 'busy';
    if (!shared) {
      const s = this.stateOf(source);
      if (s !== null) {
        if (s.reading >= this.terms.perSource) return 'busy';
        if (s.tokens < 1) return 'rate';
        s.tokens -= 1;
        s.reading += 1;
      }
    }
    this.reading += 1;
    return 'ok';
  }

  release(source: string, shared: boolean): void {
    this.reading = Math.max(0, this.reading - 1);
    if (shared) return;
    const s = this.sources.get(source);
    if (s) s.reading = Math.max(0, s.reading - 1);
  }

  /**
   * The source's allowance now, refilled for the time since it was last seen; null when no room is left to remember it.
   */
  private stateOf(source: string): SourceState | null {
    const t = this.now();
    let s = this.sources.get(source);
    if (s) {
      this.sources.delete(source);
      s.tokens = Math.min(this.terms.burst, s.tokens + (Math.max(0, t - s.at) / 1000) * this.terms.perSecond);
      s.at = t;
    } else {
      if (this.sources.size >= this.terms.maxSources) this.letGoIdle(t);
      if (this.sources.size >= this.terms.maxSources) return null;
      s = { tokens: this.terms.burst, at: t, reading: 0 };
    }
    this.sources.set(source, s);
    return s;
  }

  /**
   * Forgets sources whose allowance is full again and that have nothing being read: they carry nothing worth keeping.
   */
  private letGoIdle(t: number): void {
    for (const [source, s] of this.sources) {
      const full = s.tokens + (Math.max(0, t - s.at) / 1000) * this.terms.perSecond >= this.terms.burst;
      // Oldest first: the pass stops at the first one still refilling, so it costs about what it lets go.
      if (!full) break;
      if (s.reading === 0) this.sources.delete(source);
    }
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createNewFile, writeFileAtomic } from '../../files';

/*
 * Host-wide limits on creating accountless quick tunnels (the IICP protocol says a node must not keep creating
 * them in a loop). Cloudflare answers a burst of creations with HTTP 429 / error 1015 and then refuses for a while,
 * so every program on this computer that creates quick tunnels has to share one budget. The state lives in files,
 * with the names and fields the reference CLI uses in ~/.iicp/state, so that CLI and this app respect each other when
 * given the same folder. Times in the files are seconds since 1970 (fractional), as there.
 */
export const GATE_FILE = 'quick_tunnel_create_gate.json';
export const LOCK_FILE = 'quick_tunnel_create.lock';
export const RATE_LIMIT_FILE = 'quick_tunnel_rate_limit.json';

export interface GuardTimings {
  /** Least time between two creations on this computer. */
  minSpacingMs: number;
  /** How long one creation may hold the lock before others treat it as abandoned. */
  leaseMs: number;
  /** Pause for every creator after Cloudflare refused one with 429 / 1015. */
  rateLimitCooldownMs: number;
}

export type GuardWait =
  /** Cloudflare rate-limited a creation recently. */
  | { reason: 'cooldown'; untilMs: number }
  /** A tunnel was created too recently (by this or another program). */
  | { reason: 'spacing'; untilMs: number }
  /** Another program is creating a tunnel right now. */
  | { reason: 'lease'; untilMs: number };

export interface CreationLease {
  /** Gives the lock back (only if it is still ours). Safe to call twice. */
  release(): void;
}

export class TunnelGuard {
  private readonly dir: string;
  private readonly now: () => number;
  private readonly t: GuardTimings;

  constructor(o: { stateDir: string; now: () => number; timings: GuardTimings }) {
    this.dir = o.stateDir;
    this.now = o.now;
    this.t = o.timings;
  }

  /** Why a creation may not start now, and until when; null when it may. The cool-down wins over the rest. */
  blocked(): GuardWait | null {
    const now = this.now();
    const cooldown = this.readSeconds(RATE_LIMIT_FILE, 'quick_tunnel_rate_limited_until');
    if (cooldown !== null && cooldown > now) return { reason: 'cooldown', untilMs: cooldown };
    const gate = this.readSeconds(GATE_FILE, 'quick_tunnel_create_not_before');
    if (gate !== null && gate > now) return { reason: 'spacing', untilMs: gate };
    const lease = this.readSeconds(LOCK_FILE, 'expires_at');
    if (lease !== null && lease > now) return { reason: 'lease', untilMs: lease };
    return null;
  }

  /**
   * Takes the creation lock and records this creation, which starts the spacing for everyone (recorded before the
   * attempt, so failed creations are spaced too: a restart loop must not reach Cloudflare faster than a working
   * one). Returns why not when the limits say wait.
   */
  begin(): CreationLease | GuardWait {
    const wait = this.blocked();
    if (wait) return wait;
    mkdirSync(this.dir, { recursive: true });
    const now = this.now();
    const token = randomBytes(8).toString('hex');
    const lock = join(this.dir, LOCK_FILE);
    const body = JSON.stringify({
      pid: process.pid,
      token,
      expires_at: (now + this.t.leaseMs) / 1000,
      lease_s: this.t.leaseMs / 1000,
      reason: 'host_wide_quick_tunnel_creation_lock',
    });
    if (!createNewFile(lock, body)) {
      const expires = this.readSeconds(LOCK_FILE, 'expires_at');
      if (expires !== null && expires > now) return { reason: 'lease', untilMs: expires };
      // Left behind by a program that crashed mid-creation (or unreadable): take it over. Two takers at the same
      // instant could both succeed; the spacing file written next keeps even that to one extra creation.
      rmSync(lock, { force: true });
      if (!createNewFile(lock, body)) return { reason: 'lease', untilMs: now + this.t.leaseMs };
    }
    let released = false;
    const lease: CreationLease = {
      release: () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(readFileSync(lock, 'utf8')) as { token?: unknown };
          if (held.token === token) rmSync(lock, { force: true });
        } catch {
          // Already gone, or replaced by someone who took over an expired lease: nothing of ours to remove.
        }
      },
    };
    if (this.t.minSpacingMs > 0) {
      try {
        this.writeState(GATE_FILE, {
          quick_tunnel_create_not_before: (now + this.t.minSpacingMs) / 1000,
          interval_s: this.t.minSpacingMs / 1000,
          pid: process.pid,
          reason: 'host_wide_quick_tunnel_creation_pacing',
        });
      } catch (err) {
        // No creation without its spacing record; and the lock must not block others until it expires.
        lease.release();
        throw err;
      }
    }
    return lease;
  }

  /** Starts the cool-down for everyone after Cloudflare refused a creation; returns when it ends (ms). */
  markRateLimited(): number {
    const until = this.now() + this.t.rateLimitCooldownMs;
    mkdirSync(this.dir, { recursive: true });
    this.writeState(RATE_LIMIT_FILE, {
      quick_tunnel_rate_limited_until: until / 1000,
      cooldown_s: this.t.rateLimitCooldownMs / 1000,
      reason: 'cloudflare_quick_tunnel_rate_limit',
    });
    return until;
  }

  /** A time from one of the files in ms, or null when the file is absent or unreadable (then it limits nothing). */
  private readSeconds(file: string, field: string): number | null {
    try {
      const v = (JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as Record<string, unknown>)[field];
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v * 1000 : null;
    } catch {
      return null;
    }
  }

  private writeState(file: string, value: object): void {
    writeFileAtomic(join(this.dir, file), `${JSON.stringify(value, null, 2)}\n`, 0o600);
  }
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { english } from '@shared/i18n/say';
import { said, type Said } from '@shared/i18n/said';
import { addressRefusalOf, type RefusedPlace } from './address-place';
import { networkErrorSaid, placeSaid } from './error-words';

/**
 * Proof that a public address leads to this node. Another program on this computer can tell the node any address
 * it likes (a stand-in ngrok agent, a doctored `tailscale` on PATH); registering such an address would send every
 * consumer to whoever runs it. So an address learned that way is used only once a request sent through it has
 * reached this node: the node asks `GET {address}/iicp/health?iicp_reach=<one-time code>`, and its own task server
 * answers with an HMAC of that code under a key that never leaves this process. A server that merely receives the
 * code cannot make the HMAC, so echoing the code back gets it nowhere. Nor can it ask the node for the HMAC: the node
 * answers only codes it issued itself in the last minute, and only on a connection from this computer (where every
 * tunnel agent delivers its requests), so a remote server holding the code cannot fetch the answer from the task port.
 */
export const REACH_NONCE_PARAM = 'iicp_reach';
export const REACH_PROOF_HEADER = 'IICP-Reach-Proof';

/** The codes this node makes are 43 characters; anything outside these bounds is not one, and gets no proof. */
const NONCE_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
/** A check takes seconds; a code older than this is no longer answered. */
const NONCE_LIFE_MS = 60_000;
/** Checks run one or two at a time; the oldest codes make room past this. */
const MAX_PENDING = 64;

export class ReachProof {
  private readonly key = randomBytes(32);
  /** Codes issued and not yet checked, with the time each stops being answered. */
  private readonly pending = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh one-time code: 32 random bytes, base64url. */
  newNonce(): string {
    const nonce = randomBytes(32).toString('base64url');
    const now = this.now();
    for (const [n, until] of this.pending) if (until <= now || this.pending.size >= MAX_PENDING) this.pending.delete(n);
    this.pending.set(nonce, now + NONCE_LIFE_MS);
    return nonce;
  }

  /** The proof for a code found in a health request; null unless this node issued the code and it is still open. */
  answer(nonce: string): string | null {
    if (!NONCE_SHAPE.test(nonce)) return null;
    const until = this.pending.get(nonce);
    if (until === undefined || until <= this.now()) return null;
    return this.hmac(nonce);
  }

  /**
   * Whether `proof` is what this node answers for `nonce` (compared in constant time). The code is spent either way.
   */
  verify(nonce: string, proof: string): boolean {
    const open = this.answer(nonce) !== null;
    this.pending.delete(nonce);
    if (!open) return false;
    const want = this.hmac(nonce);
    return proof.length === want.length && timingSafeEqual(Buffer.from(want), Buffer.from(proof));
  }

  /** Forgets a code whose check ended without an answer to verify. */
  spend(nonce: string): void {
    this.pending.delete(nonce);
  }

  private hmac(nonce: string): string {
    return createHmac('sha256', this.key).update(`iicp-reach-v1:${nonce}`).digest('base64url');
  }
}

/**
 * The one-time code in a request target such as `/iicp/health?iicp_reach=…`, or null. Reads only the query, which
 * the server has already bounded with the request head.
 */
export function reachNonceOf(target: string): string | null {
  const q = target.indexOf('?');
  if (q < 0) return null;
  const value = new URLSearchParams(target.slice(q + 1)).get(REACH_NONCE_PARAM);
  return value && NONCE_SHAPE.test(value) ? value : null;
}

/**
 * `reason` for the person's screen, `why` the same in English for log files. `refused`: nothing was sent, because the
 * address's name leads where it may not be called (net/address-place.ts).
 */
export type ReachResult = { ok: true } | { ok: false; why: string; reason: Said; refused?: RefusedPlace };

const failure = (reason: Said, refused?: RefusedPlace): ReachResult =>
  refused
    ? { ok: false, why: english.said(reason), reason, refused }
    : { ok: false, why: english.said(reason), reason };

/**
 * Sends one request with a fresh code through `url` and says whether it reached this node. Only the answer's status
 * and headers are looked at: its body is never read, so an address that answers with gigabytes costs nothing. No
 * redirects are followed (a redirect is an answer from somewhere else). Bounded by `timeoutMs` in all.
 */
export async function probeReach(
  url: string,
  proof: ReachProof,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<ReachResult> {
  const nonce = proof.newNonce();
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(`${url.replace(/\/+$/, '')}/iicp/health?${REACH_NONCE_PARAM}=${nonce}`, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
  } catch (err) {
    proof.spend(nonce);
    const refused = addressRefusalOf(err);
    if (refused) return failure(placeSaid(refused.place), refused.place);
    const name = (err as { name?: string } | null)?.name;
    if (name === 'TimeoutError')
      return failure(said('network.health.timeout', { seconds: Math.round(timeoutMs / 100) / 10 }));
    if (name === 'AbortError') return failure(said('network.health.stopped'));
    return failure(networkErrorSaid(err) ?? said('network.health.failed'));
  }
  const got = res.headers.get(REACH_PROOF_HEADER);
  await res.body?.cancel().catch(() => undefined);
  if (!res.ok || got === null) proof.spend(nonce);
  if (!res.ok) return failure(said('network.health.status', { status: String(res.status) }));
  if (got === null) return failure(said('tunnel.reach.notThisNode'));
  if (!proof.verify(nonce, got.trim())) return failure(said('tunnel.reach.wrongProof'));
  return { ok: true };
}

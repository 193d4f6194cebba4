/**
 * Hostile requests for `/iicp/fleet` (hostile-fleet.test.ts, and the `fleet` bench): sealed-looking questions and
 * hellos, random bytes of exactly the sizes the machines send (the envelope's fields, base64, a real sibling's node
 * id), the same at the largest size a status may be, and bodies that fill the cap the route had before (192 KiB) with
 * nesting or with members. A keep-alive client over a bare socket sends them one after another (a new connection
 * whenever the node closes one), so a test can count what each costs; `floodFor` sends them over and over from several
 * source addresses at once, from a process of its own (fleet-attacker-child.ts).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { parseResponses, type RawResponse } from './raw-http';

/** The passphrase of the identity file a fleet node in a process of its own exports (fleet-node-child.ts). */
export const FLEET_NODE_PASSPHRASE = 'a long passphrase for the fleet';

/** What a fleet node in a process of its own tells its parent: its task port, node id and identity file. */
export interface FleetNodeInfo {
  taskPort: number;
  nodeId: string;
  file: string;
}

/** The cap of `/iicp/fleet` before it was lowered: the bodies that fill it cost the most there. */
export const OLD_FLEET_CAP_BYTES = 192 * 1024;
/** The largest hello now, and the largest status (fleet/fleet-seal.ts). */
export const HELLO_BYTES = 32 * 1024;
export const STATUS_BYTES = 128 * 1024;

/** An envelope that looks sealed: random bytes in each field, the ciphertext `ctBytes` long. */
export function sealedLooking(ctBytes: number): string {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  return JSON.stringify({ v: 2, iv: b64(12), ct: b64(ctBytes), tag: b64(16) });
}

export interface FleetAttack {
  label: string;
  body: () => string;
}

/**
 * Every kind of hostile request, `from` a real sibling's node id where a field carries one; a few of each built once.
 */
export function fleetAttacks(from: string): FleetAttack[] {
  const kinds: { label: string; make: () => string }[] = [
    { label: 'question-shaped', make: () => JSON.stringify({ from, ask: sealedLooking(512) }) },
    {
      label: 'hello-shaped, the largest hello',
      make: () => JSON.stringify({ from, hello: sealedLooking(HELLO_BYTES) }),
    },
    {
      label: 'hello-shaped, the largest status',
      make: () => JSON.stringify({ from, hello: sealedLooking(STATUS_BYTES) }),
    },
    { label: 'nested to the old cap', make: () => '['.repeat(OLD_FLEET_CAP_BYTES - 1024) },
    {
      label: 'members to the old cap',
      make: () =>
        `{${Array.from({ length: Math.floor((OLD_FLEET_CAP_BYTES - 1024) / 12) }, (_, i) => `"k${String(i).padStart(6, '0')}":1`).join(',')}}`,
    },
  ];
  return kinds.map(({ label, make }) => {
    const built = Array.from({ length: 4 }, make);
    let n = 0;
    return { label, body: () => built[n++ % built.length]! };
  });
}

/** The answers a hostile request may get: refused as not the operator's, over an allowance or the cap, or busy. */
export const HOSTILE_ANSWERS: Record<number, string> = {
  403: 'forbidden',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'busy',
};

/** What is wrong with an answer to a hostile request, or null. */
export function answerProblem(r: RawResponse): string | null {
  const code = HOSTILE_ANSWERS[r.status];
  if (code === undefined) return `status ${r.status}`;
  try {
    const got = (JSON.parse(r.body.toString('utf8')) as { error?: { code?: unknown } }).error?.code;
    return got === code ? null : `status ${r.status} with code ${String(got)}`;
  } catch {
    return `status ${r.status} without a JSON body`;
  }
}

/** Requests one after another on a keep-alive connection from `localAddress`, a new one whenever the node closes it. */
export class FleetClient {
  private socket: Socket | null = null;
  private got: Buffer = Buffer.alloc(0);
  private waiting: ((r: RawResponse | null) => void) | null = null;

  constructor(
    private readonly port: number,
    private readonly localAddress = '127.0.0.1',
  ) {}

  /** The answer to `body` posted to `/iicp/fleet`, or null when the connection ended without one. */
  post(body: string): Promise<RawResponse | null> {
    return this.send(
      `POST /iicp/fleet HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  /** The answer to `GET /iicp/health`: what any request costs, for comparison. */
  health(): Promise<RawResponse | null> {
    return this.send('GET /iicp/health HTTP/1.1\r\nHost: node\r\n\r\n');
  }

  private async send(request: string): Promise<RawResponse | null> {
    const s = await this.connected();
    const answer = new Promise<RawResponse | null>((resolve) => (this.waiting = resolve));
    s.write(request);
    return answer;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private async connected(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const s = connect({ host: '127.0.0.1', port: this.port, localAddress: this.localAddress });
    this.socket = s;
    this.got = Buffer.alloc(0);
    s.setNoDelay(true);
    s.on('data', (d: Buffer) => {
      this.got = this.got.length === 0 ? d : Buffer.concat([this.got, d]);
      const { responses, rest } = parseResponses(this.got);
      if (responses.length === 0) return;
      this.got = Buffer.from(rest);
      const r = responses[0]!;
      if ((r.headers.connection?.[0] ?? '').toLowerCase() === 'close') s.destroy();
      this.settle(r);
    });
    const ended = () => {
      if (this.socket === s) this.socket = null;
      this.settle(null);
    };
    s.on('close', ended);
    s.on('error', ended);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('error', reject);
    });
    return s;
  }

  private settle(r: RawResponse | null): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(r);
  }
}

export interface FloodTally {
  source: string;
  sent: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  unanswered: number;
}

/**
 * Every attack over and over for `ms`, from each of `sources` with `concurrency` connections each, each connection
 * sending at most `perSecond` requests a second (as fast as answered without it); what came back per source, and every
 * answer that is not one a hostile request may get.
 */
export async function floodFor(
  port: number,
  attacks: readonly FleetAttack[],
  o: { ms: number; sources: string[]; concurrency: number; perSecond?: number },
): Promise<{ tallies: FloodTally[]; problems: string[] }> {
  const started = Date.now();
  const until = started + o.ms;
  const problems: string[] = [];
  const tallies = o.sources.map((source) => ({
    source,
    sent: 0,
    statuses: {} as Record<string, number>,
    unanswered: 0,
  }));
  const run = async (t: FloodTally, offset: number) => {
    const client = new FleetClient(port, t.source);
    try {
      for (let i = offset, n = 0; Date.now() < until; i++, n++) {
        const due = o.perSecond ? started + (n * 1000) / o.perSecond : 0;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        const a = attacks[i % attacks.length]!;
        t.sent += 1;
        const r = await client.post(a.body()).catch(() => null);
        if (r === null) {
          t.unanswered += 1;
          continue;
        }
        t.statuses[r.status] = (t.statuses[r.status] ?? 0) + 1;
        const p = answerProblem(r);
        if (p && problems.length < 20) problems.push(`${a.label}: ${p}`);
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(tallies.flatMap((t) => Array.from({ length: o.concurrency }, (_, c) => run(t, c))));
  return { tallies, problems };
}

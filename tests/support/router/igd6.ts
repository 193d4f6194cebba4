/**
 * A real IPv6 home router for pinhole tests: ./igd6-netns.sh builds three network namespaces — lan (10.99.0.2 and
 * 2a0e:97c0:38f:1::2) → router (miniupnpd 2.3.1 with IGDv2 and WANIPv6FirewallControl, nftables filter refusing
 * inbound IPv6 unless a pinhole accepts it) → wan ("the internet", 2a0e:97c0:38f:ff::2). This module brings one such
 * lab up and down under names unique to the test file and process, and reads the router's pinhole rules.
 *
 *   const pre = pinholeLabPreflight();     // sync: can this machine build it at all?
 *   const lab = PinholeLab.create('ph');   // names iicp6-ph-<pid>-{r,l,w}, workdir /tmp/iicp6-ph-<pid>
 *   await lab.up(); … await lab.down();
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetnsLab, onPath, probeNamespace, sweepStaleLabs, syncRun, type Preflight } from './igd';

const HERE = dirname(fileURLToPath(import.meta.url));
export const IGD6_SCRIPT = join(HERE, 'igd6-netns.sh');
export const PINHOLE_DRIVER = join(HERE, 'pinhole-driver.ts');

export const LAN_GATEWAY = '10.99.0.1';
export const LAN6_PREFIX = '2a0e:97c0:38f:1';
/** The router's own address on the LAN: where miniupnpd answers over IPv6. */
export const LAN6_GATEWAY = `${LAN6_PREFIX}::1`;
/** The computer behind the router: the address a pinhole opens. */
export const LAN6_HOST = `${LAN6_PREFIX}::2`;
/** "The internet". */
export const WAN6_PEER = '2a0e:97c0:38f:ff::2';
export const IGD_HTTP_PORT = 5000;
const MINIUPNPD = '/usr/sbin/miniupnpd';
const PREFIX = 'iicp6';

let preflightResult: Preflight | null = null;

/**
 * Whether the IPv6 router lab can be built here: Linux, root (network namespaces), nf_tables, IPv6 in the kernel,
 * and a miniupnpd built with the WANIPv6FirewallControl service. Synchronous so a test file can `describe.skipIf`
 * at collection time; the result names the exact failure.
 */
export function pinholeLabPreflight(): Preflight {
  preflightResult ??= computePreflight();
  return preflightResult;
}

function computePreflight(): Preflight {
  if (process.platform !== 'linux')
    return { ok: false, reason: `network namespaces need Linux (platform is ${process.platform})` };
  const missing = ['ip', 'nft'].filter((b) => !onPath(b));
  if (!existsSync(MINIUPNPD)) missing.push(MINIUPNPD);
  if (missing.length)
    return {
      ok: false,
      reason: `missing ${missing.join(', ')} (apt-get install miniupnpd miniupnpd-nftables nftables)`,
    };
  if (!existsSync('/proc/net/if_inet6'))
    return { ok: false, reason: 'the kernel has no IPv6 (/proc/net/if_inet6 is missing)' };
  // Debian builds miniupnpd with IPv6 and IGDv2; another build may lack the service the tests need.
  if (!readFileSync(MINIUPNPD).includes('urn:schemas-upnp-org:service:WANIPv6FirewallControl:1')) {
    return { ok: false, reason: `${MINIUPNPD} was built without the WANIPv6FirewallControl service (IPv6 + IGDv2)` };
  }
  const probe = `${PREFIX}-pre-${process.pid}`;
  return probeNamespace(probe, () => {
    const v6 = syncRun('ip', [
      'netns',
      'exec',
      probe,
      'ip',
      '-6',
      'addr',
      'add',
      '2a0e:97c0:38f:fe::1/64',
      'dev',
      'lo',
    ]);
    return v6.ok ? null : `IPv6 is disabled in network namespaces: ${v6.out}`;
  });
}

/** One accept rule miniupnpd put into `inet filter miniupnpd` for a pinhole. */
export interface PinholeRule {
  address: string;
  port: number;
  protocol: number;
}

// miniupnpd writes the IPv6 destination as a raw 128-bit payload match at network-header offset 192 (bits) and
// the next-header byte at offset 48; `nft -j` lists them as hex strings / numbers.
interface NftExpr {
  match?: {
    left?: { payload?: { protocol?: string; field?: string; base?: string; offset?: number; len?: number } };
    right?: unknown;
  };
}

export function parsePinholeRules(nftJson: string): PinholeRule[] {
  const doc = JSON.parse(nftJson) as { nftables?: { rule?: { expr?: NftExpr[] } }[] };
  const rules: PinholeRule[] = [];
  for (const entry of doc.nftables ?? []) {
    const exprs = entry.rule?.expr;
    if (!exprs) continue;
    let port: number | null = null;
    let address: string | null = null;
    let protocol: number | null = null;
    for (const e of exprs) {
      const p = e.match?.left?.payload;
      const right = e.match?.right;
      if (!p) continue;
      if (p.field === 'dport' && typeof right === 'number') port = right;
      if (p.base === 'nh' && p.offset === 192 && p.len === 128 && typeof right === 'string') address = hexToIpv6(right);
      if (p.base === 'nh' && p.offset === 48 && p.len === 8 && typeof right === 'number') protocol = right;
    }
    if (port !== null && address !== null) rules.push({ address, port, protocol: protocol ?? -1 });
  }
  return rules;
}

function hexToIpv6(hex: string): string {
  const h = hex.replace(/^0x/, '').padStart(32, '0');
  const groups = (h.match(/.{4}/g) ?? []).map((g) => parseInt(g, 16).toString(16));
  // Compress the longest run of zero groups, as inet_ntop does.
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.len).join(':')}`;
}

export class PinholeLab extends NetnsLab {
  private constructor(base: string) {
    super(base, IGD6_SCRIPT);
  }

  /** `tag`: a few lowercase letters naming the test file, so files running at once never share namespaces. */
  static create(tag: string, pid = process.pid): PinholeLab {
    return new PinholeLab(NetnsLab.labBase(PREFIX, tag, pid));
  }

  /** Removes leftovers (same names, or labs of test processes that no longer exist), then builds the lab. */
  async up(): Promise<void> {
    await this.build(() => PinholeLab.sweepStale());
  }

  static async sweepStale(): Promise<void> {
    await sweepStaleLabs(PREFIX, 'IPv6 lab', (base) => new PinholeLab(base).down());
  }

  /** The pinholes the router's firewall holds right now: the ground truth of what the internet may reach. */
  async pinholeRules(): Promise<PinholeRule[]> {
    const { stdout } = await this.inRouter(['nft', '-j', 'list', 'chain', 'inet', 'filter', 'miniupnpd'], 10_000);
    return parsePinholeRules(stdout);
  }

  /** What a router restart does to its pinholes: the rules are gone (miniupnpd keeps no pinhole state elsewhere). */
  async forgetPinholes(): Promise<void> {
    await this.inRouter(['nft', 'flush', 'chain', 'inet', 'filter', 'miniupnpd']);
  }

  miniupnpdLog(lines = 60): string {
    try {
      return readFileSync(join(this.workdir, 'miniupnpd.log'), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no miniupnpd log)';
    }
  }
}

/**
 * A real home router for integration tests: `../shared/tools/igd-netns.sh` (relative to the repo root) builds three
 * network namespaces — lan (10.99.0.2) → router (miniupnpd: UPnP IGD + NAT-PMP, nftables NAT) → wan ("the
 * internet", 100.128.99.2; router WAN address 100.128.99.1). This module brings one such lab up and down under
 * names unique to the test file and process, reads the router's state (upnpc -l, the nft chain, natpmpc), and
 * "reboots" the router.
 *
 *   const pre = routerPreflight();          // sync: can this machine build namespaces at all?
 *   const lab = RouterLab.create('nm');     // names iicprt-nm-<pid>-{r,l,w}, workdir /tmp/iicprt-nm-<pid>
 *   await lab.up(); … await lab.down();
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pidAlive } from '@engine/identity/instance-lock';
import { REPO_ROOT } from './driver-client';

export const IGD_SCRIPT = process.env.IGD_NETNS_SCRIPT ?? resolve(REPO_ROOT, '../shared/tools/igd-netns.sh');
/** The fixed ports the router tests listen on (41000–42999, 47000–47999), kept out of the labs' ephemeral range. */
const LAB_FIXED_PORTS = '41000-42999,47000-47999';
export const LAN_GATEWAY = '10.99.0.1';
export const LAN_HOST = '10.99.0.2';
/** The router's public (WAN) address: what the internet dials and what the router reports as external IP. */
export const ROUTER_WAN_IP = '100.128.99.1';
/** "The internet": the WAN namespace's address (the directory listens here). */
export const WAN_PEER = '100.128.99.2';
const IGD_HTTP_PORT = 5000;
const ROOT_DESC = `http://${LAN_GATEWAY}:${IGD_HTTP_PORT}/rootDesc.xml`;
const MINIUPNPD = '/usr/sbin/miniupnpd';
const PREFIX = 'iicprt';
const MINIUPNPD_CHAINS = ['prerouting_miniupnpd', 'miniupnpd', 'postrouting_miniupnpd'];

export type Preflight = { ok: true } | { ok: false; reason: string };

let preflightResult: Preflight | null = null;

/** Whether a program is on PATH (or in the sbin folders a root shell has). */
export function onPath(bin: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(delimiter)
    .concat(['/usr/sbin', '/sbin'])
    .some((d) => {
      try {
        return statSync(join(d, bin)).isFile();
      } catch {
        return false;
      }
    });
}

/** A short synchronous command for preflight checks: ok and its output, or the error text. */
export function syncRun(cmd: string, args: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return { ok: true, out };
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    return { ok: false, out: `${(e.stderr ?? '').trim() || (e.stdout ?? '').trim() || e.message}` };
  }
}

/**
 * Whether namespaces with a real miniupnpd can be built here (root / CAP_NET_ADMIN, nf_tables, the packages and the
 * script). Synchronous so a test file can decide `describe.skipIf` at collection time; the result names the exact
 * failure.
 */
export function routerPreflight(): Preflight {
  if (preflightResult) return preflightResult;
  preflightResult = computePreflight();
  return preflightResult;
}

function computePreflight(): Preflight {
  if (process.platform !== 'linux')
    return { ok: false, reason: `network namespaces need Linux (platform is ${process.platform})` };
  if (!existsSync(IGD_SCRIPT))
    return { ok: false, reason: `router script not found at ${IGD_SCRIPT} (set IGD_NETNS_SCRIPT)` };
  const missing = ['ip', 'nft', 'upnpc', 'natpmpc'].filter((b) => !onPath(b));
  if (!existsSync(MINIUPNPD)) missing.push(MINIUPNPD);
  if (missing.length) {
    return {
      ok: false,
      reason: `missing ${missing.join(', ')} (apt-get install miniupnpd miniupnpd-nftables nftables iptables miniupnpc natpmpc)`,
    };
  }
  return probeNamespace(`${PREFIX}-pre-${process.pid}`);
}

/**
 * Builds a throw-away namespace named `probe` and tries there what the labs need: bring up loopback, whatever
 * `extra` checks (null when fine, else the reason), and an nftables table. Removed again whatever happens.
 */
export function probeNamespace(probe: string, extra: () => string | null = () => null): Preflight {
  syncRun('ip', ['netns', 'del', probe]);
  const add = syncRun('ip', ['netns', 'add', probe]);
  if (!add.ok) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
    return { ok: false, reason: `cannot create a network namespace (uid ${uid}): 'ip netns add' said: ${add.out}` };
  }
  try {
    const lo = syncRun('ip', ['netns', 'exec', probe, 'ip', 'link', 'set', 'lo', 'up']);
    if (!lo.ok) return { ok: false, reason: `cannot configure a network namespace: ${lo.out}` };
    const why = extra();
    if (why !== null) return { ok: false, reason: why };
    const nft = syncRun('ip', ['netns', 'exec', probe, 'nft', 'add', 'table', 'inet', 'preflight']);
    if (!nft.ok)
      return { ok: false, reason: `nftables unusable in a network namespace (kernel nf_tables?): ${nft.out}` };
  } finally {
    syncRun('ip', ['netns', 'del', probe]);
  }
  return { ok: true };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its stderr/stdout when it fails or exceeds `timeoutMs`. */
export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((res, rej) => {
    execFile(
      cmd,
      args,
      { encoding: 'utf8', timeout: opts.timeoutMs ?? 20_000, env: opts.env ?? process.env, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean };
          const why = e.killed ? `timed out after ${opts.timeoutMs ?? 20_000} ms` : `failed (${e.code ?? e.message})`;
          rej(new Error(`${cmd} ${args.join(' ')} ${why}:\n${stderr.trim() || stdout.trim()}`));
          return;
        }
        res({ stdout, stderr });
      },
    );
  });
}

/** One row of `upnpc -l`: what the router's IGD reports (UPnP and NAT-PMP mappings alike). */
export interface UpnpMapping {
  protocol: 'TCP' | 'UDP';
  externalPort: number;
  internalIp: string;
  internalPort: number;
  description: string;
  remoteHost: string;
  /** Remaining lease as miniupnpd reports it (counts down; 0 = permanent). */
  leaseSeconds: number;
}

/** One DNAT rule in the router's `inet filter prerouting_miniupnpd` chain: the ground truth of what is forwarded. */
export interface NftRedirect {
  protocol: 'TCP' | 'UDP' | string;
  externalPort: number;
  internalIp: string;
  internalPort: number;
}

/** One line of miniupnpd's lease file: `TCP:41000:10.99.0.2:41000:<expiry epoch s>:<description>`. */
export interface LeaseEntry {
  protocol: string;
  externalPort: number;
  internalIp: string;
  internalPort: number;
  expiresAt: number;
  description: string;
}

export function parseUpnpcList(out: string): UpnpMapping[] {
  const rows: UpnpMapping[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*\d+\s+(TCP|UDP)\s+(\d+)->([\d.]+):(\d+)\s+'([^']*)'\s+'([^']*)'\s+(\d+)/.exec(line);
    if (!m) continue;
    rows.push({
      protocol: m[1] as 'TCP' | 'UDP',
      externalPort: Number(m[2]),
      internalIp: m[3]!,
      internalPort: Number(m[4]),
      description: m[5]!,
      remoteHost: m[6]!,
      leaseSeconds: Number(m[7]),
    });
  }
  return rows;
}

export function parseNftRedirects(out: string): NftRedirect[] {
  const rows: NftRedirect[] = [];
  for (const line of out.split('\n')) {
    const m = /@nh,72,8 (0x[0-9a-f]+) th dport (\d+) dnat ip to ([\d.]+):(\d+)/.exec(line);
    if (!m) continue;
    const proto = parseInt(m[1]!, 16);
    rows.push({
      protocol: proto === 6 ? 'TCP' : proto === 17 ? 'UDP' : `proto ${proto}`,
      externalPort: Number(m[2]),
      internalIp: m[3]!,
      internalPort: Number(m[4]),
    });
  }
  return rows;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes the labs (namespaces named `<prefix>-<tag>-<pid>-{r,l,w}`) of test processes that no longer exist: a
 * killed test run must not leave the next one with "netns already exists".
 */
export async function sweepStaleLabs(
  prefix: string,
  what: string,
  down: (base: string) => Promise<void>,
): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']).catch(() => ({ stdout: '' }));
  const bases = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = new RegExp(`^(${prefix}-[a-z0-9]+-(\\d+))-[rlw](\\s|$)`).exec(line);
    if (m) bases.set(m[1]!, Number(m[2]));
  }
  for (const [base, pid] of bases) {
    if (pid === process.pid || pidAlive(pid)) continue;
    console.warn(`[router tests] removing stale ${what} ${base} (process ${pid} is gone)`);
    await down(base);
  }
}

/**
 * Three network namespaces (`<base>-r` router, `<base>-l` LAN, `<base>-w` "the internet") built and torn down by a
 * lab script (`up` / `down`, names and work folder passed in NS_R/NS_L/NS_W/IGD_WORKDIR). The IPv4 router lab and
 * the IPv6 pinhole lab extend it.
 */
export abstract class NetnsLab {
  readonly ns: { router: string; lan: string; wan: string };
  readonly workdir: string;
  protected readonly env: NodeJS.ProcessEnv;

  protected constructor(
    readonly base: string,
    private readonly script: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.ns = { router: `${base}-r`, lan: `${base}-l`, wan: `${base}-w` };
    this.workdir = join(tmpdir(), base);
    this.env = {
      ...process.env,
      NS_R: this.ns.router,
      NS_L: this.ns.lan,
      NS_W: this.ns.wan,
      IGD_WORKDIR: this.workdir,
      ...extraEnv,
    };
  }

  /**
   * `<prefix>-<tag>-<pid>`; `tag`: a few lowercase letters naming the test file, so files running at once never share
   * namespaces.
   */
  protected static labBase(prefix: string, tag: string, pid: number): string {
    if (!/^[a-z0-9]{1,8}$/.test(tag)) throw new Error(`bad lab tag ${tag}`);
    return `${prefix}-${tag}-${pid}`;
  }

  /**
   * Removes leftovers (`sweep`: labs of test processes that no longer exist; then these names), then builds the lab.
   */
  protected async build(sweep: () => Promise<void>): Promise<void> {
    await sweep();
    await this.down();
    await run('bash', [this.script, 'up'], { env: this.env, timeoutMs: 30_000 });
    // The tests listen on fixed ports; an outgoing connection that happened to take one as its ephemeral port would
    // make that listen fail with EADDRINUSE. The range is per namespace, so the host's is left alone.
    for (const ns of Object.values(this.ns))
      await run('ip', [
        'netns',
        'exec',
        ns,
        'sh',
        '-c',
        `echo ${LAB_FIXED_PORTS} > /proc/sys/net/ipv4/ip_local_reserved_ports`,
      ]);
  }

  async down(): Promise<void> {
    await run('bash', [this.script, 'down'], { env: this.env, timeoutMs: 30_000 }).catch(() => undefined);
    rmSync(this.workdir, { recursive: true, force: true });
  }

  inRouter(args: string[], timeoutMs?: number): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.ns.router, ...args], { timeoutMs });
  }

  inLan(args: string[], timeoutMs?: number): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.ns.lan, ...args], { timeoutMs });
  }
}

export class RouterLab extends NetnsLab {
  private isUp = false;

  private constructor(
    base: string,
    readonly wan: { ip: string; peer: string } = { ip: ROUTER_WAN_IP, peer: WAN_PEER },
  ) {
    super(base, IGD_SCRIPT, { WAN_IP: wan.ip, WAN_PEER: wan.peer });
  }

  /**
   * `tag`: a few lowercase letters naming the test file, so files running at once never share namespaces. `wan`: the
   * router's WAN address and its peer (default the public-looking 100.128.99.1/.2); a 100.64/10 pair makes the router
   * sit behind carrier-grade NAT, as the provider's own router would see it.
   */
  static create(tag: string, pid = process.pid, wan?: { ip: string; peer: string }): RouterLab {
    return new RouterLab(NetnsLab.labBase(PREFIX, tag, pid), wan);
  }

  /**
   * Gives "the internet" namespace one more (public-looking) address reachable from the router: behind a CGNAT WAN
   * pair, the directory and relays must live on an address the directory's routability rule accepts.
   */
  async addInternetAddress(address: string): Promise<void> {
    await run('ip', ['netns', 'exec', this.ns.wan, 'ip', 'addr', 'add', `${address}/32`, 'dev', 'inet0']);
  }

  get pidFile(): string {
    return join(this.workdir, 'miniupnpd.pid');
  }

  get logFile(): string {
    return join(this.workdir, 'miniupnpd.log');
  }

  get leaseFile(): string {
    return join(this.workdir, 'upnp.leases');
  }

  /** Removes leftovers (same names, or labs of test processes that no longer exist), then builds the lab. */
  async up(): Promise<void> {
    await this.build(() => RouterLab.sweepStale());
    this.isUp = true;
    await this.waitLinksRunning();
  }

  /**
   * The script returns as soon as the links are configured, but the veths become RUNNING a moment later, and
   * Node's os.networkInterfaces() (libuv) lists only UP+RUNNING interfaces. nat-api's UPnP client binds its SSDP
   * sockets once, on the interfaces listed when it is constructed: a mapper created in that gap never finds the router.
   */
  async waitLinksRunning(timeoutMs = 5_000): Promise<void> {
    const links: [string, string][] = [
      [this.ns.lan, 'eth0'],
      [this.ns.router, 'lan0'],
      [this.ns.router, 'wan0'],
      [this.ns.wan, 'inet0'],
    ];
    // operstate 'up' is what the kernel reports as IFF_RUNNING to getifaddrs().
    const deadline = Date.now() + timeoutMs;
    for (const [ns, dev] of links) {
      for (;;) {
        const { stdout } = await run('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${dev}/operstate`]).catch(
          () => ({ stdout: '?' }),
        );
        if (stdout.trim() === 'up') break;
        if (Date.now() > deadline)
          throw new Error(`${dev} in ${ns} is not up after ${timeoutMs} ms (operstate ${stdout.trim()})`);
        await sleep(50);
      }
    }
  }

  override async down(): Promise<void> {
    this.isUp = false;
    await super.down();
  }

  /** Labs left behind by test processes that died without tearing down. */
  static async sweepStale(): Promise<void> {
    await sweepStaleLabs(PREFIX, 'lab', (base) => new RouterLab(base).down());
  }

  /** `upnpc -l` from the LAN (discovery bypassed with the root description URL). Rejects while the router is down. */
  async upnpcList(): Promise<UpnpMapping[]> {
    const { stdout } = await this.inLan(['upnpc', '-u', ROOT_DESC, '-l'], 15_000);
    if (!/ExternalIPAddress = /.test(stdout)) throw new Error(`upnpc -l found no working IGD:\n${stdout}`);
    return parseUpnpcList(stdout);
  }

  /** The DNAT rules miniupnpd put into the router's nft chain `inet filter prerouting_miniupnpd`. */
  async nftRedirects(): Promise<NftRedirect[]> {
    const { stdout } = await this.inRouter(['nft', 'list', 'chain', 'inet', 'filter', 'prerouting_miniupnpd'], 10_000);
    return parseNftRedirects(stdout);
  }

  /** Accept rules in the forward-filter chain `inet filter miniupnpd` (one per mapping), as `dport` numbers. */
  async nftFilterPorts(): Promise<number[]> {
    const { stdout } = await this.inRouter(['nft', 'list', 'chain', 'inet', 'filter', 'miniupnpd'], 10_000);
    return [...stdout.matchAll(/th dport (\d+) .*accept/g)].map((m) => Number(m[1]));
  }

  /** The public address the router reports over NAT-PMP (`natpmpc -g <gw>`). */
  async natpmpPublicAddress(): Promise<string> {
    const { stdout } = await this.inLan(['natpmpc', '-g', LAN_GATEWAY], 10_000);
    const m = /Public IP address : ([\d.]+)/.exec(stdout);
    if (!m) throw new Error(`natpmpc reported no public address:\n${stdout}`);
    return m[1]!;
  }

  leases(): LeaseEntry[] {
    let text: string;
    try {
      text = readFileSync(this.leaseFile, 'utf8');
    } catch {
      return [];
    }
    const out: LeaseEntry[] = [];
    for (const line of text.split('\n')) {
      const m = /^(TCP|UDP):(\d+):([\d.]+):(\d+):(\d+):(.*)$/.exec(line);
      if (m) {
        out.push({
          protocol: m[1]!,
          externalPort: Number(m[2]),
          internalIp: m[3]!,
          internalPort: Number(m[4]),
          expiresAt: Number(m[5]),
          description: m[6]!,
        });
      }
    }
    return out;
  }

  miniupnpdLog(lines = 60): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no miniupnpd log)';
    }
  }

  miniupnpdPid(): number | null {
    try {
      const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  /** Stops miniupnpd (only if the pid file names our miniupnpd). Mappings stay in nft until `forget()`. */
  async stopMiniupnpd(): Promise<void> {
    const pid = this.miniupnpdPid();
    if (pid !== null && this.isOurMiniupnpd(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && pidAlive(pid); i++) await sleep(100);
      if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 20 && pidAlive(pid); i++) await sleep(50);
    }
    rmSync(this.pidFile, { force: true });
  }

  /** What a power cycle does to a home router's port mappings: the nft chains are emptied, the lease file is gone. */
  async forget(): Promise<void> {
    for (const chain of MINIUPNPD_CHAINS) await this.inRouter(['nft', 'flush', 'chain', 'inet', 'filter', chain]);
    rmSync(this.leaseFile, { force: true });
  }

  /** Starts miniupnpd exactly as the script does and waits until it listens for NAT-PMP. */
  async startMiniupnpd(timeoutMs = 5_000): Promise<void> {
    const fd = openSync(this.logFile, 'w');
    try {
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          this.ns.router,
          MINIUPNPD,
          '-f',
          join(this.workdir, 'miniupnpd.conf'),
          '-d',
          '-P',
          this.pidFile,
        ],
        { detached: true, stdio: ['ignore', fd, fd] },
      );
      child.unref();
    } finally {
      closeSync(fd);
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      let log = '';
      try {
        log = readFileSync(this.logFile, 'utf8');
      } catch {
        // not written yet
      }
      if (log.includes('Listening for NAT-PMP/PCP') && this.miniupnpdPid() !== null) return;
      await sleep(50);
    }
    throw new Error(`miniupnpd did not start again within ${timeoutMs} ms:\n${this.miniupnpdLog()}`);
  }

  /**
   * Router power cycle: miniupnpd gone and its mappings forgotten until `back` settles, then up again. The test
   * decides when the router comes back (once it has seen what happens while it is away), so a busy machine that
   * notices the loss more slowly never finds the router already back.
   */
  async reboot({ back }: { back: Promise<unknown> }): Promise<void> {
    await this.stopMiniupnpd();
    await this.forget();
    await back.catch(() => undefined);
    await this.startMiniupnpd();
  }

  private isOurMiniupnpd(pid: number): boolean {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      return cmdline.includes(`miniupnpd -f ${join(this.workdir, 'miniupnpd.conf')}`);
    } catch {
      return false;
    }
  }

  get running(): boolean {
    return this.isUp;
  }
}

/**
 * The test side of the JSON-lines driver protocol (protocol.ts): spawns a driver inside a network namespace with
 * `ip netns exec <ns> node --import tsx <driver>.ts`, sends typed commands, and collects unsolicited events.
 *
 *   const lan = await DriverClient.spawn<LanCommands>({ netns: lab.ns.lan, script: LAN_DRIVER, name: 'lan' });
 *   const { externalIp } = await lan.call('probe', { protocol: 'upnp' });
 *   lan.on('snapshot', (s) => …);
 *   await lan.kill();
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandMap, DriverEvent, DriverReply, LanCommands, WanCommands } from './protocol';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '../../..');
export const LAN_DRIVER = join(HERE, 'lan-driver.ts');
export const WAN_DRIVER = join(HERE, 'wan-driver.ts');

export class DriverCallError extends Error {
  override readonly name = 'DriverCallError';
  constructor(
    readonly cmd: string,
    message: string,
    readonly code: string | undefined,
  ) {
    super(`${cmd}: ${message}${code ? ` [${code}]` : ''}`);
  }
}

interface Pending {
  cmd: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

type Listener = (data: unknown) => void;

export interface SpawnOptions {
  netns: string;
  script: string;
  /** Prefix for log lines and error messages. */
  name: string;
  /** How long tsx may take to load the driver. */
  readyTimeoutMs?: number;
  env?: Record<string, string>;
}

export class DriverClient<C extends CommandMap<C>> {
  /** Every unsolicited event received, oldest first (never trimmed, so indices stay valid for `since`). */
  readonly events: DriverEvent[] = [];
  /** The driver's stderr and non-protocol stdout, last 500 lines (printed when a call fails). */
  readonly log: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined = undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.exited = new Promise((res) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.addLog(`exited code=${code} signal=${signal}`);
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.reject(
            new DriverCallError(
              p.cmd,
              `driver ${this.name} exited (code ${code}, signal ${signal})\n${this.tail()}`,
              'driver_exited',
            ),
          );
          this.pending.delete(id);
        }
        res(code);
      });
    });
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr }).on('line', (line) => this.addLog(line));
    child.stdin.on('error', () => undefined);
  }

  static async spawn<C extends CommandMap<C>>(opts: SpawnOptions): Promise<DriverClient<C>> {
    const child = spawn('ip', ['netns', 'exec', opts.netns, process.execPath, '--import', 'tsx', opts.script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new DriverClient<C>(opts.name, child);
    const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(err)));
    try {
      await Promise.race([client.waitForEvent('ready', () => true, opts.readyTimeoutMs ?? 30_000), spawnError]);
    } catch (err) {
      await client.kill();
      throw new Error(
        `driver ${opts.name} did not start in netns ${opts.netns}: ${(err as Error).message}\n${client.tail()}`,
        { cause: err },
      );
    }
    return client;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<K extends keyof C & string>(cmd: K, args: C[K]['args'], timeoutMs = 20_000): Promise<C[K]['result']> {
    if (this.exitCode !== undefined)
      return Promise.reject(new DriverCallError(cmd, `driver ${this.name} is not running`, 'driver_exited'));
    const id = this.nextId++;
    return new Promise<C[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new DriverCallError(cmd, `no answer from ${this.name} within ${timeoutMs} ms\n${this.tail()}`, 'timeout'),
        );
      }, timeoutMs);
      this.pending.set(id, { cmd, resolve: resolve as (v: unknown) => void, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
    });
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<T = unknown>(event: string, listener: (data: T) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  /** Resolves with the first event (already received or future) for which `pred` holds. */
  waitForEvent<T = unknown>(event: string, pred: (data: T) => boolean, timeoutMs: number, since = 0): Promise<T> {
    for (const e of this.events.slice(since)) {
      if (e.event === event && pred(e.data as T)) return Promise.resolve(e.data as T);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.name}: no '${event}' event matching within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on<T>(event, (data) => {
        if (!pred(data)) return;
        clearTimeout(timer);
        off();
        resolve(data);
      });
    });
  }

  /** Closes stdin (the driver cleans up and exits), then SIGKILLs the driver if it is still there after `graceMs`. */
  async kill(graceMs = 8_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }

  tail(lines = 40): string {
    return this.log
      .slice(-lines)
      .map((l) => `  [${this.name}] ${l}`)
      .join('\n');
  }

  private addLog(line: string): void {
    this.log.push(line);
    if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
    if (process.env.ROUTER_TEST_DEBUG) process.stderr.write(`[${this.name}] ${line}\n`);
  }

  private onLine(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.addLog(line);
      return;
    }
    if (!msg || typeof msg !== 'object') {
      this.addLog(line);
      return;
    }
    const m = msg as Partial<DriverReply> & Partial<DriverEvent>;
    if (typeof m.event === 'string') {
      const ev: DriverEvent = { event: m.event, data: m.data };
      this.events.push(ev);
      for (const l of [...(this.listeners.get(ev.event) ?? [])]) l(ev.data);
      return;
    }
    if (typeof m.id === 'number' && typeof m.ok === 'boolean') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      const reply = m as DriverReply;
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new DriverCallError(p.cmd, reply.error, reply.code));
      return;
    }
    this.addLog(line);
  }
}

export type LanDriver = DriverClient<LanCommands>;
export type WanDriver = DriverClient<WanCommands>;

export function spawnLanDriver(netns: string): Promise<LanDriver> {
  return DriverClient.spawn<LanCommands>({ netns, script: LAN_DRIVER, name: 'lan' });
}

export function spawnWanDriver(netns: string): Promise<WanDriver> {
  return DriverClient.spawn<WanCommands>({ netns, script: WAN_DRIVER, name: 'wan' });
}

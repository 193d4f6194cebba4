import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../tmp';

const BIN = join(dirname(fileURLToPath(import.meta.url)), 'bin');

export interface CloudflaredInvocation {
  pid: number;
  at: number;
  args: string[];
  mode: string;
  hostname: string;
}

export interface CloudflaredControl {
  mode?: 'normal' | 'silent' | 'rate-limited' | 'no-network' | 'flood' | 'flood-after-url' | 'long-line';
  sequence?: CloudflaredControl['mode'][];
  urlDelayMs?: number;
  exitAfterMs?: number;
  edge?: 'up' | 'down';
  ignoreSigterm?: boolean;
  /** How much `flood` and `flood-after-url` write (default 1 GiB). */
  floodBytes?: number;
}

export interface StandIns {
  /** A folder holding only the stand-in programs: put it first on PATH. */
  binDir: string;
  cloudflared: string;
  tailscale: string;
  cloudflaredDir: string;
  tailscaleDir: string;
  /**
   * PATH = the stand-ins' folder only (plus node's, which the `#!/usr/bin/env node` line needs), and their state
   * folders.
   */
  env: NodeJS.ProcessEnv;
  controlCloudflared(c: CloudflaredControl): void;
  cloudflaredInvocations(): CloudflaredInvocation[];
  /** Writes what `tailscale status --json` / `serve status --json` print; null removes it. */
  tailscaleFiles(f: {
    status?: object | string | null;
    serve?: object | string | null;
    behaviour?: 'normal' | 'not-running' | 'hang';
  }): void;
  tailscaleInvocations(): string[][];
  cleanup(): void;
}

/**
 * Copies the stand-in `cloudflared` and `tailscale` into a fresh temp folder and makes them executable there, so the
 * tests work on a checkout that lost the executable bit too. The `package.json` makes Node read them as modules
 * regardless of what Node decides for extensionless files.
 */
export function installStandIns(): StandIns {
  const root = tempDir('iicp-tunnel-standins-');
  const binDir = join(root.dir, 'bin');
  const cloudflaredDir = join(root.dir, 'cloudflared-state');
  const tailscaleDir = join(root.dir, 'tailscale-state');
  for (const d of [binDir, cloudflaredDir, tailscaleDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(binDir, 'package.json'), '{"type":"module"}\n');
  for (const name of ['cloudflared', 'tailscale']) {
    copyFileSync(join(BIN, name), join(binDir, name));
    chmodSync(join(binDir, name), 0o755);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: [binDir, dirname(process.execPath)].join(delimiter),
    HOME: root.dir,
    STANDIN_CLOUDFLARED_DIR: cloudflaredDir,
    STANDIN_TAILSCALE_DIR: tailscaleDir,
  };
  const write = (file: string, v: object | string | null | undefined) => {
    if (v === undefined) return;
    if (v === null) rmSync(file, { force: true });
    else writeFileSync(file, typeof v === 'string' ? v : `${JSON.stringify(v, null, 2)}\n`);
  };
  const lines = (file: string) => {
    try {
      return readFileSync(file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    binDir,
    cloudflared: join(binDir, 'cloudflared'),
    tailscale: join(binDir, 'tailscale'),
    cloudflaredDir,
    tailscaleDir,
    env,
    controlCloudflared: (c) => writeFileSync(join(cloudflaredDir, 'control.json'), JSON.stringify(c)),
    cloudflaredInvocations: () =>
      lines(join(cloudflaredDir, 'invocations.jsonl')).map((l) => JSON.parse(l) as CloudflaredInvocation),
    tailscaleFiles: (f) => {
      write(join(tailscaleDir, 'status.json'), f.status);
      write(join(tailscaleDir, 'serve.json'), f.serve);
      if (f.behaviour) writeFileSync(join(tailscaleDir, 'control.json'), JSON.stringify({ behaviour: f.behaviour }));
    },
    tailscaleInvocations: () =>
      lines(join(tailscaleDir, 'invocations.jsonl')).map((l) => (JSON.parse(l) as { args: string[] }).args),
    cleanup: root.cleanup,
  };
}

/** Whether a process with this pid still exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any process still runs the stand-in at `path`, found by its command line in /proc (the tests run on Linux).
 * On a busy machine a stand-in can be ended before it records its own start, so its pid may never be known.
 */
export function standInRunning(path: string): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(path)) return true;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return false;
}

/**
 * The built headless host and Chromium, both inside the router lab's LAN namespace (behind the router):
 *
 *   const host = await startHeadlessInNetns(lab.ns.lan, { IICP_HOME: dir, IICP_PORT_MAPPING: 'upnp', … });
 *   const browser = await launchChromiumInNetns(lab.ns.lan, wrapperDir);   // reaches host.url (the LAN's loopback)
 *   …; expect(await host.stop()).toBe(0);
 *
 * Playwright drives Chromium over a pipe (--remote-debugging-pipe), so only Chromium's own network lives in the
 * namespace; the test process stays in the host namespace. `ip netns exec` execs the command in place, so the
 * child's pid is the host's (or Chromium's) own and signals reach it directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './driver-client';

export interface NetnsHeadless {
  child: ChildProcess;
  /** The dashboard link the host printed (127.0.0.1 of the namespace). */
  url: string;
  port: number;
  token: string;
  output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts `out/main/headless.js` with `ip netns exec <netns>` and waits for its "Dashboard: …" line. */
export function startHeadlessInNetns(
  netns: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<NetnsHeadless> {
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, 'out/main/headless.js'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 15_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(2_000);
      reject(new Error(`headless host in ${netns} did not print its URL within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host in ${netns} exited with ${code}:\n${out}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      out += `${line}\n`;
      const m = /^Dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]+))$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, url: m[1]!, port: Number(m[2]), token: m[3]!, output: () => out, stop });
    });
  });
}

/**
 * Debian's Chromium (as tests/support/browser.ts launches it), run inside `netns` through a generated wrapper in `dir`.
 */
export function launchChromiumInNetns(netns: string, dir: string): Promise<Browser> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const wrapper = join(dir, 'chromium-in-netns.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${netns}' '${chromiumPath}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NodeSnapshot } from '@shared/contract';
import { TestBridgeClient } from './bridge-client';

export interface HeadlessProcess {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** The engine's own process (the host supervises it), as the host reports it in its snapshot. */
  enginePid(): Promise<number>;
}

/** The engine process id a headless host reports (`snapshot.engineProcess.pid`), once one runs. */
export async function reportedEnginePid(port: number, token: string): Promise<number> {
  const client = await TestBridgeClient.connect(port, token);
  try {
    const r = await client.call('getSnapshot');
    if (!r.ok) throw new Error(`getSnapshot failed: ${r.error.message}`);
    const pid = (r.value as NodeSnapshot).engineProcess.pid;
    if (pid === null) throw new Error('the host reports no engine process');
    return pid;
  } finally {
    client.close();
  }
}

/** Starts the built headless host (`out/main/headless.js`) as `npm run headless` would, and waits for its URL. */
export function startHeadlessProcess(env: NodeJS.ProcessEnv, args: string[] = []): Promise<HeadlessProcess> {
  const child = spawn(process.execPath, ['out/main/headless.js', ...args], {
    // Tests keep the task port on loopback and let the OS pick it.
    // Router discovery is off unless a test asks for it: the host network has no router to find.
    env: { ...process.env, IICP_HOST: '127.0.0.1', IICP_PORT: '0', IICP_PORT_MAPPING: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host did not print its URL:\n${out}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host exited with ${code}:\n${out}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      out += `${line}\n`;
      // The URL with its token, or (a token kept in a file) the address and the file that holds the token.
      const withToken = /^Dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([0-9a-f]+)$/.exec(line);
      const withFile = /^Dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/) \(sign in with the token in (.+)\)$/.exec(line);
      const m = withToken ?? withFile;
      if (!m) return;
      clearTimeout(timer);
      const token = withToken ? m[3]! : readFileSync(m[3]!, 'utf8').trim();
      const port = Number(m[2]);
      resolve({
        child,
        url: `${m[1]!}#token=${token}`,
        port,
        token,
        output: () => out,
        enginePid: () => reportedEnginePid(port, token),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

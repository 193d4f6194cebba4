/**
 * Another computer of the person's as its own built headless host process, for a browser test that needs two real
 * hosts: its data folder, task port and public endpoint kept across its restarts, at a directory and an LLM server the
 * test already runs. Stopped with SIGTERM (a clean quit), or killed host and engine alike with SIGKILL (a crash).
 */
import { TestBridgeClient } from './bridge-client';
import { startHeadlessProcess, type HeadlessProcess } from './headless-process';

export interface PeerHostOptions {
  dataDir: string;
  taskPort: number;
  directoryUrl: string;
  backendUrl: string;
}

export interface PeerHost {
  host: HeadlessProcess;
  callOk<T>(command: string, request?: unknown): Promise<T>;
  /** SIGTERM: the host stops its engine cleanly; resolves with the host's exit code. */
  quit(): Promise<number | null>;
  /** SIGKILL to the engine and the host at once: nothing of theirs runs another line. */
  kill(): Promise<void>;
}

export async function startPeerHost(o: PeerHostOptions): Promise<PeerHost> {
  const host = await startHeadlessProcess({
    IICP_HOME: o.dataDir,
    IICP_DIRECTORY_URL: o.directoryUrl,
    IICP_BACKEND_URL: o.backendUrl,
    IICP_PORT: String(o.taskPort),
    IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${o.taskPort}`,
    IICP_ALLOW_PRIVATE_ENDPOINT: '1',
  });
  const client = await TestBridgeClient.connect(host.port, host.token);
  const callOk = async <T>(command: string, request: unknown = {}): Promise<T> => {
    const r = await client.call(command, request);
    if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
    return r.value as T;
  };
  await callOk('completeSetup', { startAtLogin: false });
  const exited = new Promise<void>((resolve) => {
    if (host.child.exitCode !== null || host.child.signalCode !== null) resolve();
    else host.child.once('exit', () => resolve());
  });
  return {
    host,
    callOk,
    quit: async () => {
      client.close();
      return host.stop();
    },
    kill: async () => {
      const engine = await host.enginePid();
      client.close();
      // The engine first, the host in the same breath: an engine that saw its host go would still stop cleanly.
      process.kill(engine, 'SIGKILL');
      host.child.kill('SIGKILL');
      await exited;
    },
  };
}

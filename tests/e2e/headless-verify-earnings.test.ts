/**
 * `--verify-earnings` run as a script runs it, against the built headless host (`out/main/headless.js`) and the test
 * directory, which signs its event log as the production directory does (Ed25519, the prev_hash chain):
 *
 *  a. the host runs with its dashboard token in IICP_UI_TOKEN only (no token file in the data folder): the command,
 *     given the same variable, asks the running host, which checks and answers "all match";
 *  b. the host is stopped: the command checks the data folder itself, against the directory its stored settings name,
 *     prints the same report and exits 0;
 *  c. a ledger row changed on disk (the node claims more than the directory signed) exits 1 naming the task;
 *  d. the directory signs less than the node claimed for a new task: exit 1 naming that task.
 *
 * No browser: these are the answers a script reads.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerRow, NodeSnapshot } from '@shared/contract';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { databasePath } from '@engine/files/paths';
import { Store } from '@engine/store';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { TestBridgeClient } from '../support/bridge-client';
import { generateGenesisKey, startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

const MODEL = 'qwen2.5:7b';
/** The dashboard token, given to the host in its environment only. */
const TOKEN = 'a1b2c3d4'.repeat(6);

let directory: TestDirectory;
let backend: FakeBackend;
let data: { dir: string; cleanup: () => void };
let taskPort: number;
let host: HeadlessProcess | null = null;
let client: TestBridgeClient | null = null;

/**
 * Runs the built command with only the environment given (besides PATH and HOME). Asynchronous: the test directory
 * answers from this process, so a blocking spawn would keep it from answering the command.
 */
function verifyEarnings(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['out/main/headless.js', '--verify-earnings', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

async function startHost(): Promise<void> {
  host = await startHeadlessProcess({
    IICP_HOME: data.dir,
    IICP_UI_TOKEN: TOKEN,
    IICP_BACKEND_URL: backend.url,
    IICP_PORT: String(taskPort),
    IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
    IICP_ALLOW_PRIVATE_ENDPOINT: '1',
  });
  client = await TestBridgeClient.connect(host.port, host.token);
  await callOk('completeSetup', { startAtLogin: false });
  await eventually(
    async () => expect((await callOk<NodeSnapshot>('getSnapshot')).directory.link).toBe('registered'),
    30_000,
  );
}

async function stopHost(): Promise<void> {
  client?.close();
  client = null;
  const code = await host?.stop();
  host = null;
  expect(code).toBe(0);
}

async function callOk<T>(command: string, request: unknown = {}): Promise<T> {
  const r = await client!.call(command, request);
  if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
  return r.value as T;
}

/** Serves one chat task on the node's task port and waits until the directory awarded its claim. */
async function served(): Promise<string> {
  const taskId = randomUUID();
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: taskId,
      intent: 'urn:iicp:intent:llm:chat:v1',
      payload: { model: MODEL, messages: [{ role: 'user', content: 'Say hello.' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  await eventually(
    async () =>
      expect((await callOk<LedgerRow[]>('listLedger', { limit: 50 })).find((r) => r.taskId === taskId)?.receipt).toBe(
        'awarded',
      ),
    30_000,
  );
  return taskId;
}

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 2_000,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  data = tempDir('iicp-e2e-verify-');
  taskPort = await freePort();
  // The directory is a stored setting of this node (as the wizard or Settings keep it), not a flag of the host: the
  // check with the node stopped must find it there by itself.
  const store = Store.open(databasePath(data.dir));
  store.settings.update({ directoryUrl: directory.url });
  store.close();
});

afterAll(async () => {
  client?.close();
  await host?.stop();
  await directory?.close();
  await backend?.close();
  data?.cleanup();
});

describe('--verify-earnings', () => {
  let first: string;

  it('a. asks the running host, with the dashboard token given in IICP_UI_TOKEN and no token file', async () => {
    await startHost();
    first = await served();
    await served();
    expect(existsSync(join(data.dir, 'dashboard-token'))).toBe(false);

    const r = await verifyEarnings({ IICP_HOME: data.dir, IICP_UI_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^Verified against the directory’s signed record: 2 awards, 0\.\d+ credits — all match\.$/m,
    );
    expect(r.code).toBe(0);
    // The host did the check: its own snapshot has it.
    const s = await callOk<NodeSnapshot>('getSnapshot');
    expect(s.earnings.verification).toMatchObject({ state: 'done', verified: { count: 2 } });

    // Without the token, the running host cannot be asked: said plainly, and the data folder is left to the host.
    const without = await verifyEarnings({ IICP_HOME: data.dir });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/IICP_UI_TOKEN/);
    expect(without.stderr).not.toMatch(/\n\s+at /);
  });

  it('b. with the node stopped, checks the data folder against the directory its settings name', async () => {
    await stopHost();
    const r = await verifyEarnings({ IICP_HOME: data.dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/not running/);
    expect(r.stdout).toMatch(
      /^Verified against the directory’s signed record: 2 awards, 0\.\d+ credits — all match\.$/m,
    );
    expect(r.code).toBe(0);
    // It let the data folder go: no lock of a live process is left behind.
    const run = join(data.dir, 'run');
    expect(existsSync(run) ? readdirSync(run).filter((n) => n.endsWith('.pid')) : []).toEqual([]);
    // A directory given for this run wins over the stored one (here one that does not answer): it could not check.
    const elsewhere = await verifyEarnings({ IICP_HOME: data.dir }, ['--directory-url', 'http://127.0.0.1:9']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/could not be checked/);
  });

  it('c. a ledger row changed on disk is a difference: exit 1, naming the task', async () => {
    const db = new Database(databasePath(data.dir));
    try {
      db.prepare('UPDATE ledger SET claimed = claimed * 2 WHERE task_id = ?').run(first);
      const r = await verifyEarnings({ IICP_HOME: data.dir });
      expect(r.stdout).toMatch(
        /^Verified against the directory’s signed record: 1 award, 0\.\d+ credits; 1 task differs\.$/m,
      );
      expect(r.stdout).toContain(`“${first}” — ${CHECK_WORDS.awarded_less.label}`);
      expect(r.code).toBe(1);
    } finally {
      db.prepare('UPDATE ledger SET claimed = claimed / 2 WHERE task_id = ?').run(first);
      db.close();
    }
    // The check worked on a copy: the node's own record of its last check is as the host left it.
    const store = Store.open(databasePath(data.dir));
    try {
      expect(
        store.state.get('signed_log_summary', null, (v): v is { verified: { count: number } } => v !== null),
      ).toMatchObject({ verified: { count: 2 }, differences: [] });
    } finally {
      store.close();
    }
  });

  it('d. an award the directory signed for less than the claim: exit 1, naming the task', async () => {
    await startHost();
    directory.events.tamper({ kind: 'awarded_less' });
    const less = await served();
    await stopHost();
    const r = await verifyEarnings({ IICP_HOME: data.dir });
    expect(r.stdout).toMatch(
      /^Verified against the directory’s signed record: 2 awards, 0\.\d+ credits; 1 task differs\.$/m,
    );
    expect(r.stdout).toContain(`“${less}” — ${CHECK_WORDS.awarded_less.label}`);
    expect(r.stdout).toContain(CHECK_WORDS.awarded_less.why);
    expect(r.code).toBe(1);
  });
});

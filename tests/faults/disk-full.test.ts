/**
 * Fault suite, scenario 5: the data folder fills up, or turns read-only, while the node runs.
 *
 * The node runs as a child process (tests/support/fault-node-child.ts) inside a private mount namespace
 * (`unshare -m`) whose data folder is a small tmpfs; the child fills it, frees it, or bind-mounts it read-only on
 * command. Nothing of this is visible outside the namespace, and it all vanishes with the child. Without mount
 * namespaces (not root, or no CAP_SYS_ADMIN) the file is skipped, loudly.
 *
 * Disk full: the node keeps answering tasks, reports the store problem, does not crash; a settings change is
 * refused in plain words; once space is freed new rows are written again; rows acknowledged before are intact and
 * the database passes `PRAGMA integrity_check`.
 * Read-only folder (existing files stay writable, new files cannot be created — what a bind mount turned read-only
 * does): the node keeps serving; a token renewal that cannot be saved is reported; it heals once writable again.
 */
import type { Said } from '@shared/i18n/said';
import { inEnglish } from '../support/said-english';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { spawnFaultNode, type FaultNodeProcess, type VerifyResult } from '../support/fault-node';
import { tempDir } from '../support/tmp';
import { acceptedAwards, eventually, figure, serveOne, sleep, stablePort, type Served } from './helpers';

const TMPFS_SIZE = '4m';

/** Whether this process may make a private mount namespace with a tmpfs in it. */
function namespacesPermitted(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'not Linux' };
  const t = tempDir('iicp-ns-probe-');
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$1" && touch "$1/x"', 'sh', t.dir], {
      stdio: 'pipe',
    });
    return { ok: true };
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return {
      ok: false,
      reason: `unshare -m / mount -t tmpfs not permitted here (${(e.stderr?.toString() || e.message).trim().split('\n')[0]})`,
    };
  } finally {
    t.cleanup();
  }
}

const ns = namespacesPermitted();
if (!ns.ok) console.warn(`[faults] disk-full.test.ts SKIPPED — ${ns.reason}`);

/** `unshare -m` + a tmpfs of `size` mounted over `dir`, then the command. The node's PID is the child's PID. */
const inTmpfs = (dir: string): string[] => [
  'unshare',
  '-m',
  'sh',
  '-c',
  `mount -t tmpfs -o size=${TMPFS_SIZE},mode=0700 tmpfs "$1" && shift && exec "$@"`,
  'sh',
  dir,
];

let directory: TestDirectory;
let backend: FakeBackend;
const tmp = tempDir('iicp-faults-disk-');

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1000,
    rateLimitPerMinute: 1000,
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
});
afterAll(async () => {
  await backend?.close();
  await directory?.close();
  tmp.cleanup();
});

async function startChild(name: string): Promise<{ child: FaultNodeProcess; port: number }> {
  const dataDir = join(tmp.dir, name);
  mkdirSync(dataDir);
  const port = await stablePort();
  const child = spawnFaultNode(
    { dataDir, port, directoryUrl: directory.url, backendUrl: backend.url, retryBaseMs: 200 },
    inTmpfs(dataDir),
  );
  await Promise.race([
    child.ready,
    sleep(20_000).then(() => Promise.reject(new Error(`the node did not register in 20 s:\n${child.stderr()}`))),
  ]);
  return { child, port };
}

async function serveMany(base: string, n: number): Promise<Served[]> {
  const out: Served[] = [];
  for (let i = 0; i < n; i++) out.push(await serveOne(base));
  return out;
}

interface Snap {
  state: string;
  stateReason: string | null;
  directory: { link: string; message: Said | null };
  earnings: { outbox: number };
  recentEvents: EngineEvent[];
}

describe.skipIf(!ns.ok)(
  ns.ok ? 'the data folder fills up while the node runs' : `the data folder fills up — SKIPPED: ${!ns.ok && ns.reason}`,
  () => {
    let child: FaultNodeProcess;
    let before: Served[];
    let during: Served[];
    let after: Served[];
    let fullSnap: Snap;
    let settingsWhileFull: { ok: boolean; message: string };
    let verified: VerifyResult;
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    let filled = 0;

    beforeAll(async () => {
      const c = await startChild('full');
      child = c.child;
      const base = `http://127.0.0.1:${c.port}`;
      before = await serveMany(base, 5);
      await child.call('settings', { seq: 1 });
      filled = (await child.call<{ bytes: number }>('fill')).bytes;
      during = await serveMany(base, 15);
      settingsWhileFull = await child.call('settings', { seq: 2 }).then(
        () => ({ ok: true, message: '' }),
        (err: Error) => ({ ok: false, message: err.message }),
      );
      await sleep(500);
      fullSnap = await child.call<Snap>('snapshot');
      await child.call('free');
      await sleep(300);
      after = await serveMany(base, 5);
      await child.call('settings', { seq: 3 });
      // Receipts of tasks answered while the disk was full wait in memory and are written and posted once it has room.
      const awarded = [...before, ...during, ...after];
      await eventually(
        () => expect(awarded.map((s) => acceptedAwards(directory, s.taskId))).toEqual(awarded.map(() => 1)),
        15_000,
        100,
      );
      verified = await child.call<VerifyResult>('verify', undefined, 30_000);
      await child.call('exit').catch(() => undefined);
      exit = await child.exited;
      figure('disk full', {
        tmpfs: TMPFS_SIZE,
        fillerBytes: filled,
        answersWhileFull: during.map((s) => s.status),
        rowsOfTasksServedWhileFull: during.filter((s) => verified.ledger.some((r) => r.taskId === s.taskId)).length,
        settingsWhileFull: settingsWhileFull.message || 'saved',
        state: fullSnap.state,
        stateReason: fullSnap.stateReason,
        storeEvents: fullSnap.recentEvents
          .filter((e) => e.level === 'error')
          .map((e) => `${e.event}: ${e.details.slice(0, 100)}`)
          .slice(0, 3),
      });
    }, 90_000);

    afterAll(() => child?.kill());

    it('keeps answering tasks, refuses a settings change in plain words, and does not crash', () => {
      expect(filled).toBeGreaterThan(0);
      expect(before.map((s) => s.status)).toEqual(before.map(() => 200));
      expect(during.map((s) => s.status)).toEqual(during.map(() => 200));
      expect(after.map((s) => s.status)).toEqual(after.map(() => 200));
      expect(settingsWhileFull.ok).toBe(false);
      expect(settingsWhileFull.message).toMatch(
        /settings could not be saved: .*(disk is full|database or disk is full)/,
      );
      expect(child.stderr()).not.toMatch(/Uncaught|unhandled/i);
      expect(exit).toEqual({ code: 0, signal: null });
    });

    it('reports the store problem among its events', () => {
      const errors = [...fullSnap.recentEvents, ...child.events].filter((e) => e.level === 'error');
      expect(
        errors.some((e) => /receipt_not_saved|ledger_write_failed/.test(e.event) && /disk is full/.test(e.details)),
      ).toBe(true);
    });

    it('writes again once space is freed; rows acknowledged before are intact; the database is sound', () => {
      expect(verified.integrity).toBe('ok');
      const rows = new Map(verified.ledger.map((r) => [r.taskId, r]));
      for (const s of [...before, ...during, ...after])
        expect(rows.get(s.taskId), `row of ${s.taskId}`).toMatchObject({ outcome: 'ok', receipt: 'awarded' });
      expect(verified.displayName).toBe('fault 3');
      expect(verified.outbox).toEqual([]);
      expect(new Set(verified.ledger.map((r) => r.taskId)).size).toBe(verified.ledger.length);
    });

    // Was a known bug, found by the fault suite and fixed in the engine:
    // EarningsService.recordTask(): when insertWithReceipt() fails (SQLITE_FULL) it logs `receipt_not_saved` and
    // returns — the task's ledger row is dropped with its receipt, although the consumer got 200. Plain rows are kept
    // in memory and flushed once the disk has room again; rows with receipts should be too.
    it('tasks answered while the disk was full are in the ledger once space is freed', () => {
      const rows = new Set(verified.ledger.map((r) => r.taskId));
      expect(during.filter((s) => !rows.has(s.taskId)).map((s) => s.taskId)).toEqual([]);
    });

    // Was a known bug, found by the fault suite and fixed in the engine:
    // A full disk is only an event in the log: the snapshot says "online" with no reason, so the dashboard and tray
    // show a healthy node while its earnings are not being recorded.
    it('the snapshot names the problem while the disk is full', () => {
      expect(`${fullSnap.state} ${fullSnap.stateReason ?? ''}`).toMatch(/degraded .*(disk|space|full)/i);
    });
  },
);

describe.skipIf(!ns.ok)(
  ns.ok
    ? 'the data folder turns read-only while the node runs'
    : `the data folder turns read-only — SKIPPED: ${!ns.ok && ns.reason}`,
  () => {
    let child: FaultNodeProcess;
    let nodeId: string;
    let served: Served[] = [];
    let roSnap: Snap;
    let verified: VerifyResult;
    let exit: { code: number | null; signal: NodeJS.Signals | null };
    let healedMs = 0;

    beforeAll(async () => {
      const c = await startChild('readonly');
      child = c.child;
      const base = `http://127.0.0.1:${c.port}`;
      served = await serveMany(base, 3);
      await child.call('readonly');
      served.push(...(await serveMany(base, 5)));
      // The directory stops accepting the token: the node must re-register and store the new one — and cannot.
      nodeId = Object.keys(directory.state.nodes).find(
        (id) => directory.state.nodes[id]!.endpoint === `http://127.0.0.1:${c.port}`,
      )!;
      const token = directory.state.nodes[nodeId]!.token;
      directory.revokeToken(nodeId);
      await eventually(() => expect(directory.state.nodes[nodeId]!.token).not.toBe(token), 10_000);
      // The node got the new token and could not keep it (awaited, not slept; if it never says so, the test below
      // that asserts it fails with its own message).
      await eventually(
        () => expect(child.events.some((e) => e.level === 'error' && /read-only|EROFS/i.test(e.details))).toBe(true),
        10_000,
      ).catch(() => undefined);
      served.push(...(await serveMany(base, 3)));
      // What the link says between its paced retries (while an attempt is on the wire it says "Registering…").
      roSnap = await eventually(
        async () => {
          const s = await child.call<Snap>('snapshot');
          expect(s.directory.link).not.toBe('connecting');
          return s;
        },
        5000,
        10,
      ).catch(() => child.call<Snap>('snapshot'));
      await child.call('writable');
      const writable = Date.now();
      // Healed: a token the directory holds is in use again (heartbeats answered 200).
      await eventually(
        () =>
          expect(
            directory.state.heartbeats.filter((b) => b.nodeId === nodeId && b.at > writable && b.status === 200).length,
          ).toBeGreaterThan(0),
        20_000,
      );
      healedMs = Date.now() - writable;
      await eventually(
        () => expect(served.map((s) => acceptedAwards(directory, s.taskId))).toEqual(served.map(() => 1)),
        20_000,
        100,
      );
      verified = await child.call<VerifyResult>('verify', undefined, 30_000);
      await child.call('exit').catch(() => undefined);
      exit = await child.exited;
      figure('read-only data folder', {
        answers: served.map((s) => s.status),
        linkWhileReadOnly: `${roSnap.directory.link}: ${inEnglish(roSnap.directory.message)}`,
        state: `${roSnap.state}: ${roSnap.stateReason}`,
        errors: [
          ...new Set(
            child.events.filter((e) => e.level === 'error').map((e) => `${e.event}: ${e.details.slice(0, 90)}`),
          ),
        ].slice(0, 4),
        healedAfterWritableMs: healedMs,
      });
    }, 90_000);

    afterAll(() => child?.kill());

    it('keeps serving, heals once writable again, and loses nothing', () => {
      expect(served.map((s) => s.status)).toEqual(served.map(() => 200));
      expect(verified.integrity).toBe('ok');
      const rows = new Map(verified.ledger.map((r) => [r.taskId, r]));
      for (const s of served)
        expect(rows.get(s.taskId), `row of ${s.taskId}`).toMatchObject({ outcome: 'ok', receipt: 'awarded' });
      expect(exit).toEqual({ code: 0, signal: null });
    });

    it('reports that the renewed token could not be saved', () => {
      expect(child.events.some((e) => e.level === 'error' && /read-only|EROFS/i.test(e.details))).toBe(true);
    });

    // Was a known bug, found by the fault suite and fixed in the engine:
    // DirectoryLink.register() lets the secret store's EROFS/ENOSPC escape; run() logs `directory_turn_failed` and
    // backs off, but the link keeps its last state: "registered", no message — while every heartbeat and receipt is
    // refused with 401 because the node cannot keep the token the directory just issued.
    it('the link says the node cannot keep its credentials while the folder is read-only', () => {
      expect(roSnap.directory.link).not.toBe('registered');
      expect(inEnglish(roSnap.directory.message)).toMatch(/save|read-only|write|disk/i);
    });
  },
);

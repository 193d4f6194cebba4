/**
 * Child process for the fault suite (tests/faults): a real node (file secret store, so its credentials outlive the
 * process) that serves tasks on a fixed port and takes commands on stdin, one per line: `<id> <command> [json]`.
 * It answers `ok <id> <json>` or `err <id> <message>` on stdout, prints `ready <port>` once the directory link is
 * registered, and `event <json>` for every engine event at warn or error level. The parent SIGKILLs it, fills its
 * disk or makes its folder read-only (the child runs inside a private mount namespace for those).
 *
 * Commands: `settings {"seq":n}` (displayName "fault n", acknowledged only after the transaction committed),
 * `snapshot`, `fill` (write a filler file until the disk is full), `free` (remove it), `readonly` / `writable`
 * (bind-mount the data folder read-only over itself, and undo it), `verify` (stop the node, then read the database
 * with a fresh connection: integrity, ledger, outbox, settings) and `exit`.
 *
 *   node --import tsx tests/support/fault-node-child.ts '{"dataDir":…,"port":…,"directoryUrl":…,"backendUrl":…}'
 */
import { english } from '@shared/i18n/say';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { writeLine } from './stdout-line';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { FileSecretStore } from '@engine/identity/secret-store';
import { ProviderNode } from '@engine/node/provider-node';

export interface FaultChildConfig {
  dataDir: string;
  port: number;
  directoryUrl: string;
  backendUrl: string;
  /** Receipt retry base (default 200 ms). */
  retryBaseMs?: number;
  directoryBackoffBaseMs?: number;
}

export interface VerifyResult {
  integrity: string;
  ledger: { taskId: string; outcome: string; receipt: string; tokens: number | null }[];
  outbox: string[];
  displayName: string | null;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as FaultChildConfig;
const out = (line: string): void => {
  writeLine(line);
};

const node = new ProviderNode({
  dataDir: cfg.dataDir,
  host: 'headless',
  appVersion: '0.1.0-test',
  taskHost: '127.0.0.1',
  taskPort: cfg.port,
  allowPrivateEndpoint: true,
  tuning: {
    snapshotIntervalMs: 0,
    directoryStartupRetryDelaysMs: [200, 400],
    directoryBackoffBaseMs: cfg.directoryBackoffBaseMs ?? 200,
    nat: { interfaces: () => ({}) },
    earnings: { retryBaseMs: cfg.retryBaseMs ?? 200, syncIntervalMs: 60_000 },
  },
  secretStore: new FileSecretStore(join(cfg.dataDir, 'secrets.json')),
  overrides: {
    directoryUrl: cfg.directoryUrl,
    backendUrl: cfg.backendUrl,
    publicEndpoint: `http://127.0.0.1:${cfg.port}`,
    portMapping: 'off',
  },
});
node.onEvent((e) => {
  if (e.level !== 'info') out(`event ${JSON.stringify(e)}`);
});

const filler = join(cfg.dataDir, 'filler.bin');

function fill(): number {
  // The WAL keeps the space of frames already checkpointed and writes new frames into it: a full disk would still take
  // a small commit there. Emptied first, every commit needs new space, as on a disk that filled up long ago.
  const db = new Database(join(cfg.dataDir, 'provider.db'));
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  const fd = openSync(filler, 'a');
  let bytes = 0;
  try {
    for (;;) {
      try {
        bytes += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
    // The last few pages a 64 KiB write could not take.
    for (const size of [4096, 512, 1]) {
      for (;;) {
        try {
          bytes += writeSync(fd, chunk.subarray(0, size));
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function verify(): VerifyResult {
  const db = new Database(join(cfg.dataDir, 'provider.db'));
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const ledger = (
      db.prepare('SELECT task_id, outcome, receipt, tokens FROM ledger ORDER BY id').all() as {
        task_id: string;
        outcome: string;
        receipt: string;
        tokens: number | null;
      }[]
    ).map((r) => ({ taskId: r.task_id, outcome: r.outcome, receipt: r.receipt, tokens: r.tokens }));
    const outbox = (db.prepare('SELECT task_id FROM receipt_outbox').all() as { task_id: string }[]).map(
      (r) => r.task_id,
    );
    const row = db.prepare("SELECT value FROM settings WHERE key = 'displayName'").get() as
      { value: string } | undefined;
    return { integrity, ledger, outbox, displayName: row ? (JSON.parse(row.value) as string) : null };
  } finally {
    db.close();
  }
}

async function run(cmd: string, arg: Record<string, unknown>): Promise<unknown> {
  switch (cmd) {
    case 'settings':
      node.commands.updateSettings({ displayName: `fault ${String(arg.seq)}` });
      return { seq: arg.seq };
    case 'snapshot': {
      const s = node.getSnapshot();
      return {
        state: s.state,
        stateReason: s.stateReason === null ? null : english.said(s.stateReason),
        directory: s.directory,
        earnings: s.earnings,
        recentEvents: s.recentEvents,
      };
    }
    case 'fill':
      return { bytes: fill() };
    case 'free':
      rmSync(filler, { force: true });
      return {};
    case 'readonly':
      execFileSync('mount', ['--bind', cfg.dataDir, cfg.dataDir]);
      execFileSync('mount', ['-o', 'remount,ro,bind', cfg.dataDir]);
      return {};
    case 'writable':
      // Lazily: a file the node opened while the folder was read-only (a helper thread's connection) would make a
      // plain umount fail as busy; whatever still holds one keeps its read-only view until it closes it.
      execFileSync('umount', ['-l', cfg.dataDir]);
      return {};
    case 'verify':
      await node.stop();
      return verify();
    case 'exit':
      await node.stop();
      setImmediate(() => process.exit(0));
      return {};
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^(\S+) (\S+)(?: (.*))?$/.exec(line.trim());
  if (!m) return;
  const [, id, cmd, json] = m as unknown as [string, string, string, string | undefined];
  void (async () => {
    try {
      out(
        `ok ${id} ${JSON.stringify((await run(cmd, json ? (JSON.parse(json) as Record<string, unknown>) : {})) ?? {})}`,
      );
    } catch (err) {
      out(`err ${id} ${(err instanceof Error ? err.message : String(err)).replace(/\n/g, ' ')}`);
    }
  })();
});

await node.start();
const timer = setInterval(() => {
  if (node.getSnapshot().directory.link === 'registered') {
    clearInterval(timer);
    out(`ready ${cfg.port}`);
  }
}, 20);

/**
 * An operator identity made or imported without a browser, by the built headless command (`out/main/headless.js`):
 *
 *  a. `--operator-create NAME` on a fresh data folder makes one, prints its fingerprint and exits 0; a second call
 *     keeps it (exit 0, the same fingerprint); a name the directory would refuse exits 2, saying why;
 *  b. `--operator-import FILE` takes an export file (made by the app's own code) with the passphrase on standard input
 *     or in IICP_OPERATOR_PASSPHRASE; a wrong passphrase exits 1 and changes nothing; none at all exits 2;
 *  c. the host started on the imported folder shows that fingerprint in its snapshot;
 *  d. with a host running on the folder, both commands ask it over its dashboard bridge instead of writing its secrets.
 *
 * No browser: these are the answers a server's script reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, OperatorInfo } from '@shared/contract';
import { FileSecretStore, PLAIN_SECRETS_FILE } from '@engine/identity/secret-store';
import { OperatorIdentity } from '@engine/identity/operator-identity';
import { TestBridgeClient } from '../support/bridge-client';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/tmp';

const NAME = 'Ada’s Rigs';
const PASSPHRASE = 'correct horse battery staple';
/** Never given a directory that answers: these runs are about the data folder, not the network. */
const NO_DIRECTORY = 'http://127.0.0.1:9';

const folders: { dir: string; cleanup: () => void }[] = [];
const hosts: HeadlessProcess[] = [];
const folder = (): string => {
  const t = tempDir('iicp-e2e-operator-cli-');
  folders.push(t);
  return t.dir;
};

afterAll(async () => {
  for (const h of hosts) await h.stop();
  for (const f of folders) f.cleanup();
});

/** Runs the built command; `stdin` is written to its standard input (a pipe, as a script's), then closed. */
function headless(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['out/main/headless.js', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, IICP_DIRECTORY_URL: NO_DIRECTORY, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const fingerprintIn = (text: string): string | undefined => /^Fingerprint: ([0-9a-f]{12})$/m.exec(text)?.[1];

/** The identity stored in a data folder, read with the app's own code (null when there is none). */
function storedOperator(dir: string): OperatorInfo {
  const identity = new OperatorIdentity({
    secrets: () => new FileSecretStore(join(dir, PLAIN_SECRETS_FILE)),
    log: () => {},
    identityChanged: () => {},
    stateChanged: () => {},
  });
  return identity.info();
}

describe('--operator-create and --operator-import', () => {
  const made = folder();
  let fingerprint: string;
  let exportFile: string;

  it('a. makes an identity on a fresh data folder, keeps it on a second call, and refuses a name the directory would', async () => {
    const r = await headless(['--operator-create', NAME], { IICP_HOME: made });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    fingerprint = fingerprintIn(r.stdout)!;
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(r.stdout).toContain(`“${NAME}”`);
    // Kept as the host keeps it: in the data folder's owner-only secrets file.
    expect(statSync(join(made, PLAIN_SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(storedOperator(made)).toMatchObject({ state: 'active', fingerprint, displayName: NAME });

    const again = await headless(['--operator-create', 'Someone Else'], { IICP_HOME: made });
    expect(again.code).toBe(0);
    expect(fingerprintIn(again.stdout)).toBe(fingerprint);
    expect(again.stdout).toMatch(/kept/);
    expect(storedOperator(made)).toMatchObject({ fingerprint, displayName: NAME });

    const fresh = folder();
    for (const bad of ['', '   ', 'x'.repeat(65), 'two\nlines']) {
      const refused = await headless(['--operator-create', bad], { IICP_HOME: fresh });
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toMatch(/name/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(fresh, PLAIN_SECRETS_FILE))).toBe(false);
  });

  it('b. imports an export file with the passphrase on standard input or in IICP_OPERATOR_PASSPHRASE; a wrong one changes nothing', async () => {
    const identity = new OperatorIdentity({
      secrets: () => new FileSecretStore(join(made, PLAIN_SECRETS_FILE)),
      log: () => {},
      identityChanged: () => {},
      stateChanged: () => {},
    });
    const exported = await identity.exportFile(PASSPHRASE);
    exportFile = join(folder(), exported.filename);
    writeFileSync(exportFile, exported.text, { mode: 0o600 });

    const viaStdin = folder();
    const r = await headless(['--operator-import', exportFile], { IICP_HOME: viaStdin }, `${PASSPHRASE}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fingerprintIn(r.stdout)).toBe(fingerprint);
    expect(r.stdout).not.toContain(PASSPHRASE);
    expect(storedOperator(viaStdin)).toMatchObject({ state: 'active', fingerprint, displayName: NAME });

    const viaEnv = folder();
    const e = await headless(['--operator-import', exportFile], {
      IICP_HOME: viaEnv,
      IICP_OPERATOR_PASSPHRASE: PASSPHRASE,
    });
    expect(e.code).toBe(0);
    expect(fingerprintIn(e.stdout)).toBe(fingerprint);
    expect(storedOperator(viaEnv)).toMatchObject({ fingerprint });

    const wrong = folder();
    const w = await headless(['--operator-import', exportFile], { IICP_HOME: wrong }, 'not the passphrase\n');
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/wrong passphrase/i);
    expect(`${w.stdout}${w.stderr}`).not.toContain('not the passphrase');
    expect(storedOperator(wrong).state).toBe('none');

    const none = await headless(['--operator-import', exportFile], { IICP_HOME: wrong });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/passphrase/);
    expect(storedOperator(wrong).state).toBe('none');

    const notAFile = await headless(['--operator-import', join(wrong, 'missing.json')], {
      IICP_HOME: wrong,
      IICP_OPERATOR_PASSPHRASE: PASSPHRASE,
    });
    expect(notAFile.code).toBe(2);
    expect(notAFile.stderr).toMatch(/cannot be read/);

    // c. The host started on the folder the identity was imported into shows the same fingerprint.
    const host = await startHeadlessProcess({ IICP_HOME: viaStdin, IICP_DIRECTORY_URL: NO_DIRECTORY });
    hosts.push(host);
    const client = await TestBridgeClient.connect(host.port, host.token);
    try {
      const s = await client.call('getSnapshot');
      expect(s.ok && (s.value as NodeSnapshot).operator).toMatchObject({
        state: 'active',
        fingerprint,
        displayName: NAME,
      });
    } finally {
      client.close();
    }
    expect(await host.stop()).toBe(0);
  });

  it('d. with a host running on the data folder, asks it over its bridge', async () => {
    const dir = folder();
    const host = await startHeadlessProcess({ IICP_HOME: dir, IICP_DIRECTORY_URL: NO_DIRECTORY });
    hosts.push(host);
    const client = await TestBridgeClient.connect(host.port, host.token);
    try {
      const operator = async () => {
        const s = await client.call('getOperator');
        return s.ok ? (s.value as OperatorInfo) : null;
      };
      expect((await operator())?.state).toBe('none');
      const wrong = await headless(['--operator-import', exportFile], { IICP_HOME: dir }, 'not the passphrase\n');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/wrong passphrase/i);
      expect((await operator())?.state).toBe('none');

      const r = await headless(['--operator-import', exportFile], {
        IICP_HOME: dir,
        IICP_OPERATOR_PASSPHRASE: PASSPHRASE,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(fingerprintIn(r.stdout)).toBe(fingerprint);
      // The running node took it (it holds the secrets file; nobody wrote it behind its back).
      expect(await operator()).toMatchObject({ state: 'active', fingerprint, displayName: NAME });

      const kept = await headless(['--operator-create', 'Someone Else'], { IICP_HOME: dir });
      expect(kept.code).toBe(0);
      expect(kept.stdout).toMatch(/kept/);
      expect(fingerprintIn(kept.stdout)).toBe(fingerprint);
    } finally {
      client.close();
    }
    expect(await host.stop()).toBe(0);
    // The running node's secrets file has the identity as the node wrote it.
    expect(JSON.parse(readFileSync(join(dir, PLAIN_SECRETS_FILE), 'utf8'))).toHaveProperty('operator_identity');
  });
});

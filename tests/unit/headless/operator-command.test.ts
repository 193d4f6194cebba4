/**
 * `--operator-create` and `--operator-import` on a data folder no node runs on, in this process: what is refused and
 * how, and that a refusal changes nothing. (The built command, the passphrase on standard input and a running host
 * are in tests/e2e/headless-operator.test.ts.)
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, PLAIN_SECRETS_FILE } from '@engine/identity/secret-store';
import { OperatorIdentity } from '@engine/identity/operator-identity';
import { parseHeadlessConfig } from '@main/headless/config';
import { createOperatorCommand, importOperatorCommand } from '@main/headless/operator-command';
import { tempDir } from '../../support/tmp';

const PASSPHRASE = 'correct horse battery staple';
const folders: { dir: string; cleanup: () => void }[] = [];
const folder = () => {
  const t = tempDir('iicp-operator-cmd-');
  folders.push(t);
  return t.dir;
};
afterEach(() => {
  for (const f of folders.splice(0)) f.cleanup();
});

const identityOf = (dir: string) =>
  new OperatorIdentity({
    secrets: () => new FileSecretStore(join(dir, PLAIN_SECRETS_FILE)),
    log: () => {},
    identityChanged: () => {},
    stateChanged: () => {},
  });

/** The passphrase given in the environment; standard input is an empty pipe. */
const io = (passphrase: string | null = PASSPHRASE) => {
  const stdin = new PassThrough();
  stdin.end();
  return { env: passphrase === null ? {} : { IICP_OPERATOR_PASSPHRASE: passphrase }, stdin, prompt: new PassThrough() };
};

/** An export file of a fresh identity named `name`, written into a folder of its own; its path and fingerprint. */
async function exportFile(name: string): Promise<{ path: string; fingerprint: string }> {
  const dir = folder();
  const identity = identityOf(dir);
  const made = identity.create(name);
  const file = await identity.exportFile(PASSPHRASE);
  const path = join(dir, file.filename);
  writeFileSync(path, file.text);
  return { path, fingerprint: made.fingerprint! };
}

describe('operator commands on a stopped data folder', () => {
  it('are flags of the headless host, one command per run', () => {
    expect(parseHeadlessConfig(['--operator-create', 'Ada', '--data-dir', '/tmp/x'], {})).toMatchObject({
      operatorCreate: 'Ada',
    });
    expect(parseHeadlessConfig(['--operator-import', 'id.json'], {})).toMatchObject({ operatorImport: 'id.json' });
    expect(() => parseHeadlessConfig(['--operator-create', 'Ada', '--operator-import', 'id.json'], {})).toThrow(
      /give one of them/,
    );
    expect(() => parseHeadlessConfig(['--operator-create', 'Ada', '--verify-earnings'], {})).toThrow(
      /give one of them/,
    );
    // The passphrase has no flag: a command line is visible to every user of the computer.
    expect(() => parseHeadlessConfig(['--operator-import', 'id.json', '--passphrase', 'x'], {})).toThrow();
  });

  it('refuse to import over another identity, and change nothing', async () => {
    const dir = folder();
    const mine = identityOf(dir).create('Mine');
    const before = readFileSync(join(dir, PLAIN_SECRETS_FILE), 'utf8');
    const other = await exportFile('Someone Else');
    const r = await importOperatorCommand(dir, other.path, io());
    expect(r.code).toBe(1);
    expect(r.text).toContain(`already has another operator identity, “Mine” (fingerprint ${mine.fingerprint})`);
    expect(r.text).toContain('Nothing was changed');
    expect(readFileSync(join(dir, PLAIN_SECRETS_FILE), 'utf8')).toBe(before);
  });

  it('say when the file given is not an operator export file, before asking for a passphrase (exit 2)', async () => {
    const dir = folder();
    const notExport = join(dir, 'notes.json');
    writeFileSync(notExport, '{"hello": "world"}');
    const r = await importOperatorCommand(folder(), notExport, io(null));
    expect(r).toEqual({
      code: 2,
      text: 'This is not an IICP operator identity file that can be read: it is some other kind of file.\n',
    });
    const aFolder = join(dir, 'a-folder');
    mkdirSync(aFolder);
    expect(await importOperatorCommand(folder(), aFolder, io())).toEqual({
      code: 2,
      text: `${aFolder} is not a file.\n`,
    });
  });

  it('refuse a passphrase longer than any export file is sealed with (exit 2)', async () => {
    const file = await exportFile('Ada');
    const r = await importOperatorCommand(folder(), file.path, io('x'.repeat(1025)));
    expect(r.code).toBe(2);
    expect(r.text).toMatch(/at most 1024 characters/);
  });

  it('say why when the secrets file is unsafe, and leave it as it is (exit 1)', async () => {
    const dir = folder();
    writeFileSync(join(dir, PLAIN_SECRETS_FILE), '{}', { mode: 0o644 });
    chmodSync(join(dir, PLAIN_SECRETS_FILE), 0o644);
    const r = await createOperatorCommand(dir, 'Ada');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/chmod 600/);
    expect(readFileSync(join(dir, PLAIN_SECRETS_FILE), 'utf8')).toBe('{}');
  });

  it('never replace an identity that cannot be read with a new one (exit 1)', async () => {
    const dir = folder();
    new FileSecretStore(join(dir, PLAIN_SECRETS_FILE)).update({ operator_identity: '{"v":1,"seed":"damaged"}' });
    const r = await createOperatorCommand(dir, 'Ada');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/cannot be read, so nothing was changed/);
    expect(new FileSecretStore(join(dir, PLAIN_SECRETS_FILE)).get('operator_identity')).toBe(
      '{"v":1,"seed":"damaged"}',
    );
  });

  it('leave a folder another process serves to it: refused in words when it cannot be asked (exit 1)', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'run'));
    // A live process (this one's parent) holds the node lock, and the folder keeps no dashboard token to ask it with.
    writeFileSync(join(dir, 'run', '0b9d1c8e-9a51-4c1f-8f0e-2b3c4d5e6f70.pid'), String(process.ppid));
    const r = await createOperatorCommand(dir, 'Ada');
    expect(r.code).toBe(1);
    expect(r.text).toContain(`IICP Provider is running on this data folder (process ${process.ppid})`);
    expect(identityOf(dir).info().state).toBe('none');
  });

  it('keep the lock only while they write: a host may start right after', async () => {
    const dir = folder();
    expect((await createOperatorCommand(dir, 'Ada')).code).toBe(0);
    const file = await exportFile('Ada');
    expect((await importOperatorCommand(folder(), file.path, io())).code).toBe(0);
    const { liveLockOwners } = await import('@engine/identity/instance-lock');
    expect(liveLockOwners(join(dir, 'run'))).toEqual([]);
  });
});

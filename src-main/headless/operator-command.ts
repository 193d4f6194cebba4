/**
 * `--operator-create NAME` and `--operator-import FILE`: an operator identity for a computer without a browser, so a
 * server or a script can bind its node to its operator. Each prints the identity's fingerprint as Settings shows it
 * ("Fingerprint: 0123456789ab") and exits with a code a script reads:
 *
 *  - 0: made, imported, or already there and kept (an identity is never replaced from here);
 *  - 1: not done: a wrong passphrase, another identity already in the data folder, a secrets file that cannot be
 *       written, or a running node that cannot be asked;
 *  - 2: nothing to work with: a name the directory would refuse, no passphrase, a file that is not an export file.
 *
 * Where the work is done is operator-target.ts: the running node when there is one, else the data folder itself.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { OperatorInfo } from '@shared/contract';
import { OPERATOR_FILE_MAX_CHARS, OperatorDisplayName } from '@shared/contract/operator';
import { quoteForeignText } from '@shared/text/foreign-text';
import { readOperatorFile } from '@engine/identity';
import { hostsOnFolder, withRunningHost, type HostReach } from './host-call';
import { holdStoppedFolder, hostTarget, refusalOf, type OperatorTarget } from './operator-target';
import { PASSPHRASE_ENV, readPassphrase, type PassphraseInput } from './passphrase-input';

export interface CommandOutcome {
  code: 0 | 1 | 2;
  /** For standard output when the code is 0, else for standard error. */
  text: string;
}

/** The longest passphrase an export file is sealed with (the contract's limit). */
const PASSPHRASE_MAX = 1024;

const fingerprintLine = (info: OperatorInfo): string => `Fingerprint: ${info.fingerprint ?? 'not known'}`;
const named = (info: OperatorInfo): string => quoteForeignText(info.displayName ?? '', 64);
const NEXT_REGISTRATION = 'The node presents it to the directory when it next registers.';
const UNREADABLE_KEPT =
  'The operator identity stored in this data folder cannot be read, so nothing was changed: a new one would replace it. Import it again with --operator-import, or make a new one in Settings on the dashboard.';

/** Runs `work` on the node running on `dataDir` (asked over its bridge), or on the data folder when none runs. */
async function onFolder(
  dataDir: string,
  reach: HostReach,
  work: (target: OperatorTarget) => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  if (hostsOnFolder(dataDir).length > 0) {
    const r = await withRunningHost(dataDir, reach, (bridge) => work(hostTarget(bridge)));
    return r.ok ? r.value : { code: 1, text: r.problem };
  }
  const held = holdStoppedFolder(dataDir);
  if (!held.ok) return { code: 1, text: held.problem };
  try {
    return await work(held.target);
  } finally {
    held.release();
  }
}

/** A refusal or failure of the engine, in a sentence after `what`. */
function failed(what: string, err: unknown): CommandOutcome {
  const body = refusalOf(err);
  const why = body ? body.message : err instanceof Error ? err.message : String(err);
  return { code: 1, text: `${what}: ${why}\n` };
}

/** `--operator-create NAME`: makes an identity in the data folder, or keeps the one there. */
export async function createOperatorCommand(
  dataDir: string,
  displayName: string,
  reach: HostReach = {},
): Promise<CommandOutcome> {
  const name = OperatorDisplayName.safeParse(displayName);
  if (!name.success)
    return {
      code: 2,
      text: `The operator name cannot be used: ${name.error.issues[0]?.message ?? 'enter another name'}.\n`,
    };
  const kept = (info: OperatorInfo): CommandOutcome => ({
    code: 0,
    text: `This data folder already has an operator identity, ${named(info)}: it was kept, and nothing was changed.\n${fingerprintLine(info)}\n`,
  });
  return onFolder(dataDir, reach, async (target) => {
    let before: OperatorInfo;
    try {
      before = await target.info();
    } catch (err) {
      return failed('The operator identity could not be read', err);
    }
    if (before.state === 'active') return kept(before);
    if (before.problem !== null) return { code: 1, text: `${UNREADABLE_KEPT}\n` };
    try {
      const made = await target.create(name.data);
      return {
        code: 0,
        text: `Made the operator identity ${named(made)}.\n${fingerprintLine(made)}\n${NEXT_REGISTRATION}\n`,
      };
    } catch (err) {
      // One made meanwhile (on the dashboard) is kept just the same.
      if (refusalOf(err)?.code === 'invalid_state') {
        const now = await target.info().catch(() => null);
        if (now?.state === 'active') return kept(now);
      }
      return failed('The operator identity could not be made', err);
    }
  });
}

/** The export file's text, checked to be one before any passphrase is asked for; or why it cannot be used. */
function readExportFile(path: string): { ok: true; text: string } | { ok: false; problem: string } {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO given as the file must not hang the command (it is refused below as not a file).
    fd = openSync(path, constants.O_RDONLY | (process.platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0)));
  } catch (err) {
    return {
      ok: false,
      problem: `The file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
    };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: `${path} is not a file.` };
    // Far larger than an export file's characters can take in any encoding: not read at all.
    if (stat.size > OPERATOR_FILE_MAX_CHARS * 4)
      return { ok: false, problem: `${path} is far larger than an operator export file; it is not one.` };
    const text = readFileSync(fd, 'utf8');
    readOperatorFile(text);
    return { ok: true, text };
  } catch (err) {
    return {
      ok: false,
      problem:
        refusalOf(err)?.message ??
        `The file ${path} cannot be read (${err instanceof Error ? err.message : String(err)}).`,
    };
  } finally {
    closeSync(fd);
  }
}

export interface ImportIo {
  env: NodeJS.ProcessEnv;
  stdin: PassphraseInput;
  /** Where a terminal's prompt is written (standard error: standard output is the answer a script reads). */
  prompt: Writable;
}

/** `--operator-import FILE`: takes the identity of an export file, opened with the passphrase from `io`. */
export async function importOperatorCommand(
  dataDir: string,
  path: string,
  io: ImportIo,
  reach: HostReach = {},
): Promise<CommandOutcome> {
  const file = readExportFile(path);
  if (!file.ok) return { code: 2, text: `${file.problem}\n` };
  const read = await readPassphrase(io.env, io.stdin, io.prompt);
  if (!read.ok) {
    if (read.why === 'cancelled') return { code: 2, text: 'Cancelled; nothing was changed.\n' };
    return {
      code: 2,
      text: `No passphrase was given. Give it on standard input (one line) or in ${PASSPHRASE_ENV}; never on the command line.\n`,
    };
  }
  if ([...read.passphrase].length > PASSPHRASE_MAX)
    return {
      code: 2,
      text: `The passphrase is longer than any export file's (at most ${PASSPHRASE_MAX} characters).\n`,
    };
  return onFolder(dataDir, reach, async (target) => {
    let before: OperatorInfo;
    try {
      before = await target.info();
    } catch (err) {
      return failed('The operator identity could not be read', err);
    }
    try {
      const got = await target.importFile(file.text, read.passphrase);
      if (before.state === 'active' && before.fingerprint === got.fingerprint) {
        return {
          code: 0,
          text: `This data folder already had the operator identity ${named(got)}: it was kept.\n${fingerprintLine(got)}\n`,
        };
      }
      return {
        code: 0,
        text: `Imported the operator identity ${named(got)}.\n${fingerprintLine(got)}\n${NEXT_REGISTRATION}\n`,
      };
    } catch (err) {
      const body = refusalOf(err);
      const issue = body?.issues?.[0]?.code;
      if (issue === 'wrong_passphrase')
        return {
          code: 1,
          text: 'Wrong passphrase: it does not open this operator identity file. Nothing was changed.\n',
        };
      if (issue === 'invalid_file') return { code: 2, text: `${body!.message}\n` };
      if (body?.code === 'invalid_state' && before.state === 'active') {
        return {
          code: 1,
          text: `This data folder already has another operator identity, ${named(before)} (fingerprint ${before.fingerprint}). Nothing was changed: importing would replace it, and its key would be gone from here. To replace it, use Import… under Your operator identity in Settings on the dashboard.\n`,
        };
      }
      return failed('The operator identity could not be imported', err);
    }
  });
}

/**
 * The passphrase of an operator export file for `--operator-import`: from IICP_OPERATOR_PASSPHRASE, else standard
 * input. Never from the command line, which every user of the computer can read in the process list.
 *
 * From a pipe or a file (a script), the first line is the passphrase. From a terminal, it is typed without being
 * shown. Either way it is held only in memory and never printed.
 */
import type { Readable, Writable } from 'node:stream';

export const PASSPHRASE_ENV = 'IICP_OPERATOR_PASSPHRASE';
/** Longer than any passphrase the engine takes (1024 characters), so a longer one is refused there, not cut here. */
const MAX_BYTES = 8 * 1024;

/** Standard input as the reader sees it: a stream that may be a terminal. */
export interface PassphraseInput extends Readable {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export type PassphraseRead = { ok: true; passphrase: string } | { ok: false; why: 'none' | 'cancelled' };

/** The passphrase from `env`, else `stdin` (a prompt on `prompt` when it is a terminal). */
export async function readPassphrase(
  env: NodeJS.ProcessEnv,
  stdin: PassphraseInput,
  prompt: Writable,
): Promise<PassphraseRead> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { ok: true, passphrase: fromEnv };
  const read = stdin.isTTY && stdin.setRawMode ? await typedLine(stdin, prompt) : await firstLine(stdin);
  if (read === null) return { ok: false, why: 'cancelled' };
  return read === '' ? { ok: false, why: 'none' } : { ok: true, passphrase: read };
}

/** The first line of a pipe or file, without its line ending ('' when it is empty or closed at once). */
export function firstLine(input: Readable): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      input.off('data', onData);
      input.off('end', done);
      input.off('error', done);
      input.pause();
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.search(/\r?\n/);
      resolve(end < 0 ? text : text.slice(0, end));
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(b);
      size += b.length;
      if (b.includes(0x0a) || size >= MAX_BYTES) done();
    };
    input.on('data', onData);
    input.once('end', done);
    input.once('error', done);
  });
}

/** A line typed at a terminal with nothing shown for it; null when cancelled (Ctrl+C, or Ctrl+D on an empty line). */
function typedLine(input: PassphraseInput, prompt: Writable): Promise<string | null> {
  prompt.write('Passphrase of the export file (not shown): ');
  input.setRawMode!(true);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      prompt.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\u0003' || (ch === '\u0004' && typed === '')) return finish(null);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ' && typed.length < MAX_BYTES) typed += ch;
      }
    };
    input.on('data', onData);
  });
}

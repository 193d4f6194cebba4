/**
 * The passphrase of `--operator-import`: IICP_OPERATOR_PASSPHRASE first, else the first line of a pipe, else typed at
 * a terminal with nothing shown. Never echoed, whichever way it came.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPassphrase, type PassphraseInput } from '@main/headless/passphrase-input';

/** A writable that keeps what was written to it (the prompt's stream). */
function capture(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(w, { text: () => text });
}

/** A stand-in terminal: raw mode switched on and off as the reader asks, its keys fed by the test. */
function terminal(): PassphraseInput & PassThrough & { raw: boolean[] } {
  const t = new PassThrough() as PassThrough & PassphraseInput & { raw: boolean[] };
  t.isTTY = true;
  t.raw = [];
  t.setRawMode = (mode: boolean) => t.raw.push(mode);
  return t;
}

describe('the passphrase of an operator export file', () => {
  it('is IICP_OPERATOR_PASSPHRASE when set, without reading standard input', async () => {
    const stdin = new PassThrough();
    stdin.end('from stdin\n');
    const r = await readPassphrase({ IICP_OPERATOR_PASSPHRASE: 'from the environment' }, stdin, capture());
    expect(r).toEqual({ ok: true, passphrase: 'from the environment' });
    expect(stdin.read()?.toString()).toBe('from stdin\n');
  });

  it('is the first line of a pipe, without its line ending; spaces inside and at its ends are kept', async () => {
    const stdin = new PassThrough();
    const prompt = capture();
    const read = readPassphrase({ IICP_OPERATOR_PASSPHRASE: '' }, stdin, prompt);
    stdin.write(' correct horse ');
    stdin.write('battery staple \r\nsecond line\n');
    expect(await read).toEqual({ ok: true, passphrase: ' correct horse battery staple ' });
    // Nothing prompted, nothing echoed: a script reads standard output and error.
    expect(prompt.text()).toBe('');
  });

  it('is the whole of a pipe that ends without a line break', async () => {
    const stdin = new PassThrough();
    stdin.end('no newline at the end');
    expect(await readPassphrase({}, stdin, capture())).toEqual({ ok: true, passphrase: 'no newline at the end' });
  });

  it('is none when the pipe is empty, or its first line is', async () => {
    const empty = new PassThrough();
    empty.end();
    expect(await readPassphrase({}, empty, capture())).toEqual({ ok: false, why: 'none' });
    const blank = new PassThrough();
    blank.end('\nsecond line\n');
    expect(await readPassphrase({}, blank, capture())).toEqual({ ok: false, why: 'none' });
  });

  it('is typed at a terminal in raw mode with nothing shown but the prompt; backspace takes back a character', async () => {
    const tty = terminal();
    const prompt = capture();
    const read = readPassphrase({}, tty, prompt);
    tty.write('secrett');
    tty.write('\u007f');
    tty.write(' words\r');
    expect(await read).toEqual({ ok: true, passphrase: 'secret words' });
    expect(tty.raw).toEqual([true, false]);
    expect(prompt.text()).toBe('Passphrase of the export file (not shown): \n');
  });

  it('is cancelled by Ctrl+C at a terminal, which is left out of raw mode', async () => {
    const tty = terminal();
    const read = readPassphrase({}, tty, capture());
    tty.write('half\u0003');
    expect(await read).toEqual({ ok: false, why: 'cancelled' });
    expect(tty.raw).toEqual([true, false]);
  });
});

/**
 * The watcher's list of running programs, look after look: a new process is named in the look it appears in, a known
 * one is not read again every look (that cost more than the watcher's budget on a busy desktop), one that replaced
 * itself is named anew within four looks, and an ended one leaves at once.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxProgramList } from '@engine/owner/programs/running-programs';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fake-proc-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function proc(pid: number, name: string): void {
  const dir = join(root, String(pid));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'comm'), `${name.slice(0, 15)}\n`);
  writeFileSync(join(dir, 'cmdline'), `/usr/bin/${name}\0`);
}

const names = (list: LinuxProgramList) => list.list().map((e) => `${e.pid}:${e.name}`);

describe('LinuxProgramList', () => {
  it('names a new process at once, renames one that replaced itself within four looks, and drops ended ones', () => {
    for (let pid = 100; pid < 108; pid++) proc(pid, `daemon${pid}`);
    const list = new LinuxProgramList(root);
    expect(names(list)).toHaveLength(8);

    proc(4242, 'Cyberpunk2077.exe');
    expect(names(list)).toContain('4242:Cyberpunk2077.exe');

    // A launcher exec's into the game: same pid, new name. Known names are read again in turns.
    proc(101, 'game-binary');
    let looks = 0;
    while (!names(list).includes('101:game-binary')) {
      looks += 1;
      expect(looks).toBeLessThan(4);
    }

    rmSync(join(root, '4242'), { recursive: true });
    expect(names(list)).not.toContain('4242:Cyberpunk2077.exe');
  });

  it('keeps the full name of a process whose command line changes but whose comm does not', () => {
    proc(300, 'steam');
    const list = new LinuxProgramList(root);
    expect(names(list)).toEqual(['300:steam']);
    // Rewriting its own command line (as daemons do) is not a new program: comm still says steam.
    writeFileSync(join(root, '300', 'cmdline'), 'steam: helper\0');
    for (let i = 0; i < 5; i++) expect(names(list)).toEqual(['300:steam']);
  });

  it("reads only a share of the known processes' names in a look", () => {
    for (let pid = 1000; pid < 1400; pid++) proc(pid, 'worker');
    const list = new LinuxProgramList(root);
    list.list();
    // Rename every process behind the list's back: a look re-reads only the quarter whose turn it is.
    for (let pid = 1000; pid < 1400; pid++) proc(pid, 'renamed');
    const renamed = list.list().filter((e) => e.name === 'renamed').length;
    expect(renamed).toBe(100);
    // After four looks every one has been read again.
    for (let i = 0; i < 3; i++) list.list();
    expect(list.list().every((e) => e.name === 'renamed')).toBe(true);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  csvFields,
  distinctProgramNames,
  listLinuxPrograms,
  MAX_LIST_CHARS,
  MAX_PROGRAM_ENTRIES,
  parsePs,
  parseTasklistCsv,
  psArgs,
  tasklistArgs,
  type ProgramEntry,
} from '@engine/owner/programs/running-programs';

describe('listLinuxPrograms on a made-up /proc', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fake-proc-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** One process folder; a file given as null is left out, as 'dir' it is a folder (reading it fails, EISDIR). */
  function proc(pid: number | string, comm: string | null | 'dir', cmdline: string | Buffer | null | 'dir'): void {
    const dir = join(root, String(pid));
    mkdirSync(dir);
    for (const [file, body] of [
      ['comm', comm],
      ['cmdline', cmdline],
    ] as const) {
      if (body === 'dir') mkdirSync(join(dir, file));
      else if (body !== null) writeFileSync(join(dir, file), body);
    }
  }

  it('names processes from comm, with the full name from cmdline when it starts the same', () => {
    proc(1, 'systemd\n', '/sbin/init\0splash\0');
    proc(731, 'steam\n', '/home/me/.steam/debian-installation/ubuntu12_32/steam\0-srt-logger-opened\0');
    // comm is cut to 15 bytes; Wine gives the game's Windows path as the first argument.
    proc(4242, 'Cyberpunk2077.e\n', 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe\0--launcher-skip\0');
    // A Python script started by its own name: comm is the script, the first argument the interpreter.
    proc(5000, 'vllm\n', '/usr/bin/python3\0/usr/local/bin/vllm\0serve\0model\0');
    // A process that rewrote its command line into one title.
    proc(6000, 'sshd\n', 'sshd: me@pts/0\0\0\0\0');
    proc(6001, 'VLLM::EngineCor\n', 'VLLM::EngineCore\0');
    expect(listLinuxPrograms(root)).toEqual([
      { pid: 1, name: 'systemd' },
      { pid: 731, name: 'steam' },
      { pid: 4242, name: 'Cyberpunk2077.exe' },
      { pid: 5000, name: 'vllm' },
      { pid: 6000, name: 'sshd' },
      { pid: 6001, name: 'VLLM::EngineCore' },
    ]);
  });

  it('skips kernel threads, whose command line is empty', () => {
    proc(2, 'kthreadd\n', '');
    proc(15, 'kworker/0:1-events\n', '');
    proc(300, 'bash\n', '/bin/bash\0');
    expect(listLinuxPrograms(root)).toEqual([{ pid: 300, name: 'bash' }]);
  });

  it('skips what is not a process folder', () => {
    proc(10, 'bash\n', 'bash\0');
    mkdirSync(join(root, 'sys'));
    mkdirSync(join(root, '12abc'));
    mkdirSync(join(root, '99999999999'));
    writeFileSync(join(root, 'uptime'), '1.0 2.0\n');
    symlinkSync(join(root, '10'), join(root, 'self'));
    expect(listLinuxPrograms(root)).toEqual([{ pid: 10, name: 'bash' }]);
  });

  it('skips processes that ended while the list was read', () => {
    proc(20, null, null); // folder listed, files already gone
    proc(21, null, '/usr/bin/gone\0'); // ended between the two reads
    proc(22, 'alive\n', '/usr/bin/alive\0');
    expect(listLinuxPrograms(root)).toEqual([{ pid: 22, name: 'alive' }]);
  });

  it('names a process from what could be read when a file cannot be', () => {
    proc(30, 'steam\n', 'dir'); // cmdline unreadable: comm alone
    proc(31, 'dir', '/opt/blender/blender\0'); // comm unreadable: the command line alone
    proc(32, 'dir', 'dir'); // nothing readable
    expect(listLinuxPrograms(root)).toEqual([
      { pid: 30, name: 'steam' },
      { pid: 31, name: 'blender' },
    ]);
  });

  it('reads at most maxFileBytes of a huge command line', () => {
    // A first argument longer than what is read: its base name would be wrong, so comm names it.
    proc(40, 'bigargs\n', Buffer.concat([Buffer.from('/opt/' + 'x'.repeat(1024 * 1024)), Buffer.from('\0arg\0')]));
    // A short first argument with a megabyte of arguments after it.
    proc(41, 'blender\n', Buffer.concat([Buffer.from('/opt/blender/blender\0'), Buffer.alloc(1024 * 1024, 'a')]));
    // A single title longer than what is read.
    proc(42, 'title\n', 'title ' + 'y'.repeat(10_000));
    expect(listLinuxPrograms(root, { maxFileBytes: 4096 })).toEqual([
      { pid: 40, name: 'bigargs' },
      { pid: 41, name: 'blender' },
      { pid: 42, name: 'title' },
    ]);
  });

  it('cleans names: control and bidirectional characters, and the 128-character cap', () => {
    proc(50, 'ga\u202Eme\n', '/usr/bin/ga\u202Eme\0');
    proc(51, 'a'.repeat(15) + '\n', '/opt/' + 'a'.repeat(300) + '\0');
    const list = listLinuxPrograms(root);
    expect(list[0]).toEqual({ pid: 50, name: 'game' });
    expect(list[1]!.name).toBe('a'.repeat(128));
  });

  it('keeps at most maxProcesses, the highest ids', () => {
    for (const pid of [5, 100, 7, 3000, 42]) proc(pid, `p${pid}\n`, `/bin/p${pid}\0`);
    expect(listLinuxPrograms(root, { maxProcesses: 3 }).map((e) => e.pid)).toEqual([42, 100, 3000]);
    expect(listLinuxPrograms(root, { maxProcesses: 0 })).toEqual([]);
  });

  it('throws when the folder itself is missing, rather than say nothing runs', () => {
    expect(() => listLinuxPrograms(join(root, 'missing'))).toThrow();
  });
});

describe.skipIf(process.platform !== 'linux')('listLinuxPrograms on this computer', () => {
  it("finds this test's own process, named node", () => {
    const list = listLinuxPrograms();
    // Only this process's own entry is compared, so a failure never prints the other programs of the computer.
    expect(list.find((e) => e.pid === process.pid)).toEqual({ pid: process.pid, name: 'node' });
    expect(list.length).toBeGreaterThan(1);
    expect(new Set(list.map((e) => e.pid)).size).toBe(list.length);
  });
});

describe('parsePs (macOS)', () => {
  it('asks ps for every process, id and command, no header, no width limit', () => {
    expect(psArgs()).toEqual(['-ww', '-axo', 'pid=,comm=']);
  });

  it('reads realistic output, names with spaces and bundles included', () => {
    const text = [
      '    1 /sbin/launchd',
      '  312 /usr/libexec/logd',
      '  601 /System/Library/CoreServices/Dock.app/Contents/MacOS/Dock',
      '  655 /Applications/Steam.app/Contents/MacOS/steam_osx',
      ' 4711 /Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper (GPU).app/Contents/MacOS/LM Studio Helper (GPU)',
      ' 4712 /Applications/Ollama.app/Contents/Resources/ollama',
      '98765 /Users/me/Games/My Game/run game  ',
      '77777 zsh',
      '',
    ].join('\n');
    expect(parsePs(text)).toEqual([
      { pid: 1, name: 'launchd' },
      { pid: 312, name: 'logd' },
      { pid: 601, name: 'Dock' },
      { pid: 655, name: 'Steam' },
      { pid: 4711, name: 'LM Studio Helper (GPU)' },
      { pid: 4712, name: 'ollama' },
      { pid: 98765, name: 'run game' },
      { pid: 77777, name: 'zsh' },
    ]);
  });

  it('skips garbage lines and never throws', () => {
    const text = [
      '  PID COMM',
      'abc def',
      '   12',
      '99999999999 toolong',
      '-5 neg',
      '12x name',
      '\u0000\u0001',
      '  13 \u202E',
      '  14 ok',
    ].join('\n');
    expect(parsePs(text)).toEqual([{ pid: 14, name: 'ok' }]);
    expect(parsePs('')).toEqual([]);
    expect(parsePs('\r\n\r\n')).toEqual([]);
  });

  it('caps the number of entries and the text read', () => {
    const many = Array.from({ length: MAX_PROGRAM_ENTRIES + 10 }, (_, i) => `${i + 1} p${i}`).join('\n');
    expect(parsePs(many)).toHaveLength(MAX_PROGRAM_ENTRIES);
    // Lines past the cap are not read; the line the cap cuts is dropped, not read half.
    const padding = 'x'.repeat(MAX_LIST_CHARS - 20);
    const text = `1 first\n${padding}\n2 second-cut-by-the-cap\n3 third`;
    expect(parsePs(text)).toEqual([{ pid: 1, name: 'first' }]);
    expect(parsePs('9 ' + 'z'.repeat(MAX_LIST_CHARS + 5))).toEqual([]);
  });
});

describe('parseTasklistCsv (Windows)', () => {
  it('asks tasklist for CSV without a header', () => {
    expect(tasklistArgs()).toEqual(['/fo', 'csv', '/nh']);
  });

  it('reads realistic output, with localised memory columns and CRLF line ends', () => {
    const text = [
      '"System Idle Process","0","Services","0","8 K"',
      '"System","4","Services","0","4,512 K"',
      '"chrome.exe","11204","Console","1","123,456 K"',
      '"Cyberpunk2077.exe","7777","Console","1","9.876.543 K"',
      '"steam.exe","8120","Konsole","1","45 312 Ko"',
      '"ollama app.exe","920","Console","1","20,100 K"',
      '',
    ].join('\r\n');
    expect(parseTasklistCsv(text)).toEqual([
      { pid: 0, name: 'System Idle Process' },
      { pid: 4, name: 'System' },
      { pid: 11204, name: 'chrome.exe' },
      { pid: 7777, name: 'Cyberpunk2077.exe' },
      { pid: 8120, name: 'steam.exe' },
      { pid: 920, name: 'ollama app.exe' },
    ]);
  });

  it('follows the quoting rules: commas inside names and doubled quotes', () => {
    const text = [
      '"weird,name.exe","42","Console","1","1,234 K"',
      '"quote""d.exe","43","Console","1","1 K"',
      '"a,""b"",c.exe","44","Console","1","1 K"',
    ].join('\r\n');
    expect(parseTasklistCsv(text)).toEqual([
      { pid: 42, name: 'weird,name.exe' },
      { pid: 43, name: 'quote"d.exe' },
      { pid: 44, name: 'a,"b",c.exe' },
    ]);
  });

  it('skips the "no tasks" line, headers, broken lines and garbage', () => {
    const text = [
      'INFO: No tasks are running which match the specified criteria.',
      'INFORMATION : aucune tâche en service ne correspond aux critères spécifiés.',
      '"Image Name","PID","Session Name","Session#","Mem Usage"',
      '"Abbildname","PID","Sitzungsname","Sitz.-Nr.","Speichernutzung"',
      '"unterminated.exe,"12","Console"',
      '"onlyname.exe"',
      '"nopid.exe","","Console","1","1 K"',
      '"neg.exe","-3","Console","1","1 K"',
      '"hex.exe","0x10","Console","1","1 K"',
      '"huge.exe","99999999999","Console","1","1 K"',
      '"","5","Console","1","1 K"',
      'plain,6,Console',
      '"ok.exe","7","Console","1","1 K"',
    ].join('\r\n');
    expect(parseTasklistCsv(text)).toEqual([{ pid: 7, name: 'ok.exe' }]);
    expect(parseTasklistCsv('')).toEqual([]);
    expect(parseTasklistCsv('\u0000\uFFFD"')).toEqual([]);
  });

  it('takes a name as given when text follows its closing quote', () => {
    expect(parseTasklistCsv('"odd"x.exe,"8","Console"')).toEqual([{ pid: 8, name: 'oddx.exe' }]);
  });

  it('caps the number of entries', () => {
    const many = Array.from(
      { length: MAX_PROGRAM_ENTRIES + 1 },
      (_, i) => `"p${i}.exe","${i + 1}","Console","1","1 K"`,
    ).join('\r\n');
    expect(parseTasklistCsv(many)).toHaveLength(MAX_PROGRAM_ENTRIES);
  });

  it('csvFields splits one line', () => {
    expect(csvFields('"a","b,c",d,,""')).toEqual(['a', 'b,c', 'd', '', '']);
    expect(csvFields('')).toEqual(['']);
    expect(csvFields('"open')).toBeNull();
  });
});

describe('distinctProgramNames', () => {
  const e = (name: string, pid = 1): ProgramEntry => ({ pid, name });

  it('lists each program once, sorted without regard to case', () => {
    const entries = [e('zsh'), e('Steam'), e('steam'), e('chrome'), e('chrome'), e('Blender'), e('ark.exe'), e('ARK')];
    expect(distinctProgramNames(entries)).toEqual(['ARK', 'Blender', 'chrome', 'Steam', 'zsh']);
  });

  it('keeps the same spelling whatever the order of the list', () => {
    const a = distinctProgramNames([e('steam.exe'), e('Steam')]);
    const b = distinctProgramNames([e('Steam'), e('steam.exe')]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(1);
  });

  it("leaves out the kernels' pseudo-processes and the names the caller hides", () => {
    const entries = [
      e('System Idle Process', 0),
      e('System', 4),
      e('Registry'),
      e('Memory Compression'),
      e('kernel_task', 0),
      e('IICP Provider.exe'),
      e('game.exe'),
      e(''),
    ];
    expect(distinctProgramNames(entries, { hide: ['IICP Provider'] })).toEqual(['game.exe']);
  });

  it('does not leave out other programs, LLM servers and look-alikes of the pseudo-processes included', () => {
    const entries = [e('svchost.exe'), e('ollama'), e('systemd'), e('registry'), e('system.exe')];
    expect(distinctProgramNames(entries)).toEqual(['ollama', 'registry', 'svchost.exe', 'system.exe', 'systemd']);
  });

  it('caps the list', () => {
    const entries = Array.from({ length: MAX_PROGRAM_ENTRIES + 5 }, (_, i) => e(`p${String(i).padStart(5, '0')}`));
    const names = distinctProgramNames(entries);
    expect(names).toHaveLength(MAX_PROGRAM_ENTRIES);
    expect(names[0]).toBe('p00000');
  });
});

import { describe, expect, it } from 'vitest';
import {
  capLength,
  cleanName,
  MAX_PROGRAM_NAME_CHARS,
  programKey,
  programName,
  sameProgram,
} from '@engine/owner/programs/program-names';

describe('programName', () => {
  it.each([
    ['/usr/bin/steam', 'steam'],
    ['steam', 'steam'],
    ['C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe', 'Cyberpunk2077.exe'],
    ['\\\\server\\share\\tools\\render.exe', 'render.exe'],
    ['Z:/home/me/Games/game.exe', 'game.exe'],
    ['./game', 'game'],
    ['/usr/bin/', 'bin'],
    ['  /opt/blender/blender  ', 'blender'],
    ['', ''],
    ['   ', ''],
    ['///', ''],
  ])('%j → %j', (raw, name) => {
    expect(programName(raw)).toBe(name);
  });

  it.each([
    ['/Applications/Steam.app/Contents/MacOS/steam_osx', 'Steam'],
    ['/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock', 'Dock'],
    ['/Applications/LM Studio.app/Contents/MacOS/LM Studio', 'LM Studio'],
    // Helpers are apps inside the app: the innermost bundle names them.
    [
      '/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper (GPU).app/Contents/MacOS/LM Studio Helper (GPU)',
      'LM Studio Helper (GPU)',
    ],
    ['/Applications/Docker.app/Contents/MacOS/Docker Desktop.app/Contents/MacOS/Docker Desktop', 'Docker Desktop'],
    // A tool the bundle keeps elsewhere is not the app the person opened.
    ['/Applications/Ollama.app/Contents/Resources/ollama', 'ollama'],
    ['/Applications/Docker.app/Contents/Resources/bin/com.docker.backend', 'com.docker.backend'],
    // Only a real bundle folder counts.
    ['/opt/Contents/MacOS/tool', 'tool'],
    ['/x/.app/Contents/MacOS/tool', 'tool'],
  ])('macOS bundle %j → %j', (raw, name) => {
    expect(programName(raw)).toBe(name);
  });

  it('removes control and bidirectional characters', () => {
    expect(programName('steam\n')).toBe('steam');
    expect(programName('ste\u0000am\u007f')).toBe('steam');
    expect(programName('\u202Eexe.live')).toBe('exe.live');
    expect(programName('game\u2066\u2069\u200E\u200F\u061C.exe')).toBe('game.exe');
    expect(programName('\uFEFFchrome.exe')).toBe('chrome.exe');
    expect(programName('\u009bgame')).toBe('game');
    // A newline cannot split a name into a path either.
    expect(programName('/usr/bin/ga\nme')).toBe('game');
  });

  it('keeps ordinary Unicode names', () => {
    expect(programName('/opt/ゲーム/ゲーム')).toBe('ゲーム');
    expect(programName('C:\\Spiele\\Größe.exe')).toBe('Größe.exe');
    expect(programName('🎮 launcher')).toBe('🎮 launcher');
  });

  it('caps a name at 128 UTF-16 units and never cuts an emoji in half', () => {
    expect(programName('/bin/' + 'a'.repeat(500))).toBe('a'.repeat(MAX_PROGRAM_NAME_CHARS));
    const emojiName = 'a'.repeat(127) + '🎮🎮';
    const capped = programName(emojiName);
    expect(capped).toBe('a'.repeat(127));
    expect(capped.length).toBeLessThanOrEqual(MAX_PROGRAM_NAME_CHARS);
    expect(capLength('ab🎮', 3)).toBe('ab');
    expect(capLength('ab🎮', 4)).toBe('ab🎮');
  });

  it('is stable: a name it returns is returned unchanged', () => {
    for (const raw of [
      '/Applications/Steam.app/Contents/MacOS/steam_osx',
      'C:\\x\\Game.exe',
      ' a b ',
      'x'.repeat(300),
    ]) {
      const once = programName(raw);
      expect(programName(once)).toBe(once);
    }
  });

  it('cleanName cleans text that is not a path', () => {
    expect(cleanName('  steam_app_1091500/x \u202E')).toBe('steam_app_1091500/x');
    expect(cleanName('b'.repeat(200))).toHaveLength(MAX_PROGRAM_NAME_CHARS);
  });
});

describe('sameProgram', () => {
  it.each([
    ['steam', 'steam', true],
    ['steam', 'Steam', true],
    ['steam', 'STEAM.EXE', true],
    ['Cyberpunk2077.exe', 'cyberpunk2077', true],
    ['Cyberpunk2077.exe', 'C:\\Games\\Cyberpunk 2077\\bin\\x64\\Cyberpunk2077.exe', true],
    ['Steam', '/Applications/Steam.app/Contents/MacOS/steam_osx', true],
    ['blender', '/opt/blender/blender', true],
    // Only one ".exe" is optional, and nothing else: no prefixes, no other extensions.
    ['steam', 'steamwebhelper', false],
    ['steam', 'steam.exe.exe', false],
    ['steam.app', 'steam', false],
    ['steam', 'steam.sh', false],
    ['Cyberpunk2077.exe', 'Cyberpunk2077.e', false],
    ['', '', false],
    ['', 'steam', false],
    ['.exe', '', false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameProgram(a, b)).toBe(same);
    expect(sameProgram(b, a)).toBe(same);
  });

  it('compares Unicode names in one normal form', () => {
    // "é" as one code point and as "e" with a combining accent.
    expect(sameProgram('caf\u00e9.exe', 'cafe\u0301')).toBe(true);
    expect(sameProgram('ГРА', 'гра.exe')).toBe(true);
  });

  it('programKey is the lower-case name without one ".exe"', () => {
    expect(programKey('C:\\Games\\Game.EXE')).toBe('game');
    expect(programKey('/Applications/LM Studio.app/Contents/MacOS/LM Studio')).toBe('lm studio');
    expect(programKey('\u202E')).toBe('');
  });
});

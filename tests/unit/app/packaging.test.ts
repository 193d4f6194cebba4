/** The files the packaged app needs at run time exist and are packed. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ID } from '../../../src-main/app/bootstrap';
import { appPaths, TRAY_ICON_KINDS } from '../../../src-main/app/paths';

vi.mock('electron', () => {
  throw new Error('packaging facts must not need electron');
});

const ROOT = join(import.meta.dirname, '..', '..', '..');
const builderConfig = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const data = readFileSync(path);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('packaging', () => {
  it('uses the same app id as the running app', () => {
    expect(builderConfig).toMatch(new RegExp(`^appId: ${APP_ID.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('packs the icons the app loads at run time', () => {
    expect(builderConfig).toMatch(/^\s+- build\/tray\/\*\*$/m);
    expect(builderConfig).toMatch(/^\s+- build\/icon\.png$/m);
  });

  it('has a tray icon, and a @2x one, for every state', () => {
    const paths = appPaths(ROOT);
    expect(TRAY_ICON_KINDS).toEqual(['online', 'paused', 'waiting', 'problem']);
    for (const kind of TRAY_ICON_KINDS) {
      const icon = paths.trayIcon(kind);
      expect(pngSize(icon)).toEqual([16, 16]);
      expect(pngSize(icon.replace(/\.png$/, '@2x.png'))).toEqual([32, 32]);
    }
  });

  it('has the app icon at 512×512 and the Linux icon set', () => {
    expect(pngSize(appPaths(ROOT).windowIcon)).toEqual([512, 512]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, 'build', 'icons', `${size}x${size}.png`))).toEqual([size, size]);
    }
    expect(existsSync(join(ROOT, 'build', 'icon.ico'))).toBe(true);
    expect(existsSync(join(ROOT, 'build', 'icon.icns'))).toBe(true);
  });
});

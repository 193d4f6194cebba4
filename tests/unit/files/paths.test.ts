/**
 * Where the data lives when nothing overrides it, per platform: the folder Electron calls `userData` for this product,
 * so the desktop app and the headless host share one node. `IICP_HOME` overrides it everywhere.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databasePath, defaultDataDir, PRODUCT_NAME } from '@engine/files/paths';

describe('defaultDataDir', () => {
  it('takes IICP_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(
        defaultDataDir({ IICP_HOME: '/srv/iicp', APPDATA: 'C:\\Roaming', XDG_CONFIG_HOME: '/cfg' }, platform),
      ).toBe('/srv/iicp');
    }
  });

  it('Windows: the roaming AppData folder, or its usual place under the home folder when APPDATA is not set', () => {
    expect(defaultDataDir({ APPDATA: '/roaming' }, 'win32')).toBe(join('/roaming', PRODUCT_NAME));
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', PRODUCT_NAME));
  });

  it('macOS: Application Support under the home folder, whatever XDG says', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', PRODUCT_NAME),
    );
  });

  it('Linux: XDG_CONFIG_HOME when it is absolute, else ~/.config (an empty or relative one is ignored, as the XDG spec says)', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/a/cfg' }, 'linux')).toBe(join('/home/a/cfg', PRODUCT_NAME));
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'relative/cfg' }, 'linux')).toBe(join(homedir(), '.config', PRODUCT_NAME));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(join(homedir(), '.config', PRODUCT_NAME));
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', PRODUCT_NAME));
  });

  it('names the product as Electron does, so both hosts find one folder', () => {
    expect(PRODUCT_NAME).toBe('IICP Provider');
  });
});

describe('databasePath', () => {
  it('is provider.db in the data folder', () => {
    expect(databasePath('/data')).toBe(join('/data', 'provider.db'));
  });
});

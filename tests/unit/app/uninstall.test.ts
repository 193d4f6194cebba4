/**
 * Uninstalling leaves no start-at-login entry behind, and the person's data goes only when they say so. Windows: the
 * NSIS uninstaller's customUnInstall (build/installer.nsh). Linux: the .deb's postrm (build/deb-after-remove.sh), run
 * here with sh on a fake filesystem tree. macOS has no uninstaller (README).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { AUTOSTART_FILE, applyStartAtLogin, desktopEntry, HIDDEN_ARG, type AutostartDeps } from '@main/app/autostart';
import { APP_ID } from '@main/app/bootstrap';
import { tempDir } from '../../support/tmp';
import { FakeApp } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('uninstall facts must not need electron');
});

const ROOT = join(import.meta.dirname, '..', '..', '..');
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  nsis: { include?: string; deleteAppDataOnUninstall?: boolean; oneClick: boolean };
  linux: { executableName: string };
  deb: { afterRemove?: string };
};
const productName = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { productName: string })
  .productName;
const appBuilderLib = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));

/** The lines of the customUnInstall macro, comments dropped. */
function unInstallMacro(): string[] {
  const text = readFileSync(join(ROOT, config.nsis.include!), 'utf8');
  const body = /^!macro customUnInstall\s*$([\s\S]*?)^!macroend\s*$/m.exec(text);
  expect(body, 'a customUnInstall macro').not.toBeNull();
  return body![1]!
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(';') && !l.startsWith('#'));
}

describe('Windows (NSIS): the uninstaller', () => {
  const RUN = 'DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "${APP_ID}"';
  const APPROVED =
    'DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\StartupApproved\\Run" "${APP_ID}"';

  it('includes build/installer.nsh, and keeps electron-builder from deleting the data folder on its own', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    expect(existsSync(join(ROOT, config.nsis.include!))).toBe(true);
    expect(config.nsis).toHaveProperty('deleteAppDataOnUninstall', false);
  });

  it('deletes the Run value Electron wrote for start at login, named after the AppUserModelId, which is the appId', () => {
    // Electron's setLoginItemSettings names the value after the AppUserModelId unless given a name; bootstrap.ts
    // sets that id to APP_ID on Windows (bootstrap.it.test.ts), and electron-builder's APP_ID define is the appId.
    const app = new FakeApp(join(ROOT, 'no-user-data'), join(ROOT, 'no-app'));
    app.isPackaged = true;
    const deps = {
      app,
      platform: 'win32',
      env: {},
      execPath: 'C:\\Users\\x\\AppData\\Local\\Programs\\iicp-provider\\IICP Provider.exe',
    };
    applyStartAtLogin(true, deps as unknown as AutostartDeps);
    expect(app.loginItemCalls).toHaveLength(1);
    expect(app.loginItemCalls[0]).not.toHaveProperty('name');
    expect(config.appId).toBe(APP_ID);
    const nsisTarget = readFileSync(appBuilderLib.resolve('./out/targets/nsis/NsisTarget.js'), 'utf8');
    expect(nsisTarget).toMatch(/\bAPP_ID: appInfo\.id\b/);
    expect(nsisTarget).toMatch(/\bPRODUCT_NAME: appInfo\.productName\b/);

    const macro = unInstallMacro();
    expect(macro).toContain(RUN);
    // Task Manager's "Disable" leaves a value of the same name under StartupApproved\Run.
    expect(macro).toContain(APPROVED);
  });

  it('leaves the login item and the data alone when the uninstaller runs for an update', () => {
    const macro = unInstallMacro();
    expect(macro[0]).toBe('${ifNot} ${isUpdated}');
    expect(macro.at(-1)).toMatch(/^\$\{endIf\}$/i);
    // Exactly one block: nothing runs outside it.
    expect(
      macro.filter(
        (l) => /^\$\{(if|ifNot)\}/i.test(l) && !/^\$\{If\} \$\{Cmd\}|^\$\{If\} \$(installMode|APPDATA)/.test(l),
      ),
    ).toEqual(['${ifNot} ${isUpdated}']);
  });

  it('asks before deleting the data folder, "keep" being the default and the answer of a silent uninstall', () => {
    const macro = unInstallMacro();
    const ask = macro.findIndex((l) => l.startsWith('${If} ${Cmd} `MessageBox '));
    expect(ask).toBeGreaterThan(0);
    const question = macro[ask]!;
    expect(question).toMatch(/\bMB_YESNO\b/);
    expect(question).toMatch(/\bMB_DEFBUTTON2\b/); // "No" is the default button
    expect(question).toMatch(/\/SD IDNO\b/); // silent: no
    expect(question).toMatch(/ IDYES`$/); // the block runs on "Yes" only
    const remove = macro.findIndex((l) => l.startsWith('RMDir /r '));
    expect(remove).toBeGreaterThan(ask);
    // Electron's userData on Windows: %APPDATA%\<productName>, the folder the README names.
    expect(macro[remove]).toBe('RMDir /r "$APPDATA\\${PRODUCT_NAME}"');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`%APPDATA%\\${productName}`);
    expect(macro.filter((l) => l.startsWith('RMDir') || l.startsWith('Delete '))).toHaveLength(1);
  });

  it("uses only what electron-builder's uninstaller defines (its APP_ID, PRODUCT_NAME, isUpdated) and LogicLib", () => {
    expect(config.nsis.oneClick).toBe(false);
    const text = readFileSync(join(ROOT, config.nsis.include!), 'utf8');
    const defines = [...text.matchAll(/\$\{([A-Za-z_]+)\}/g)].map((m) => m[1]);
    expect(new Set(defines)).toEqual(
      new Set(['isUpdated', 'ifNot', 'APP_ID', 'If', 'Cmd', 'PRODUCT_NAME', 'EndIf', 'endIf']),
    );
  });
});

/**
 * The postrm as electron-builder packs it: its macros filled in the way its FpmTarget does (`${name}` from the
 * package's names, single quotes escaped), failing like it does on a macro it does not know.
 */
function renderedPostrm(): string {
  const { sanitizeFileName } = appBuilderLib('builder-util/out/filename') as { sanitizeFileName(s: string): string };
  const macros: Record<string, string> = {
    executable: config.linux.executableName,
    sanitizedProductName: sanitizeFileName(productName),
    productFilename: sanitizeFileName(productName),
  };
  return readFileSync(join(ROOT, config.deb.afterRemove!), 'utf8').replace(/\$\{([a-zA-Z]+)\}/g, (_, name: string) => {
    if (!(name in macros)) throw new Error(`Macro ${name} is not defined`);
    return macros[name]!.replace(/'/g, "'\\''");
  });
}

const INSTALLED = `/opt/${productName}/${config.linux.executableName}`;

describe('Linux (.deb): the postrm', () => {
  it('is wired as the package after-remove script, a POSIX sh script electron-builder can fill in', () => {
    expect(config.deb.afterRemove).toBe('build/deb-after-remove.sh');
    const script = renderedPostrm();
    expect(script.split('\n')[0]).toBe('#!/bin/sh');
    expect(script).toContain(`exe='${INSTALLED}'`);
    expect(script).toContain(`autostart_file='${AUTOSTART_FILE}'`);
  });

  const runnable = process.platform !== 'win32';

  /**
   * A fake system: alice's entry starts the installed app, bob's an AppImage of it, dave's the /usr/bin link, erin's
   * another program; root and carol (whose home /etc/passwd names outside /home) have one each, and alice has an
   * unrelated entry.
   */
  function fakeSystem() {
    const t = tempDir('iicp-postrm-');
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(t.dir, path)), { recursive: true });
      writeFileSync(join(t.dir, path), text);
    };
    const ours = desktopEntry([INSTALLED, HIDDEN_ARG]);
    const entry = (home: string) => `${home}/.config/autostart/${AUTOSTART_FILE}`;
    const tree = {
      alice: entry('home/alice'),
      aliceOther: 'home/alice/.config/autostart/other-app.desktop',
      bob: entry('home/bob'),
      root: entry('root'),
      carol: entry('srv/carol'),
      dave: entry('home/dave'),
      erin: entry('home/erin'),
      link: `usr/bin/${config.linux.executableName}`,
      apparmor: `etc/apparmor.d/${config.linux.executableName}`,
    };
    file(tree.alice, ours);
    file(tree.aliceOther, '[Desktop Entry]\nType=Application\nExec=/usr/bin/other-app\n');
    file(tree.bob, desktopEntry(['/home/bob/Apps/IICP-Provider.AppImage', HIDDEN_ARG]));
    file(tree.root, ours);
    file(tree.carol, ours);
    // An entry written by hand for the /usr/bin link.
    file(tree.dave, `[Desktop Entry]\nType=Application\nExec=/usr/bin/${config.linux.executableName} --hidden\n`);
    // Another program whose name merely starts with ours.
    file(tree.erin, `[Desktop Entry]\nType=Application\nExec=/usr/bin/${config.linux.executableName}-tools --tray\n`);
    file(tree.link, '');
    file(tree.apparmor, 'profile');
    file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\ncarol:x:1002:1002:Carol,,,:/srv/carol:/bin/sh\n');
    const script = join(t.dir, 'postrm');
    writeFileSync(script, renderedPostrm());
    chmodSync(script, 0o755);
    const postrm = (...args: string[]) => {
      const r = spawnSync('sh', [script, ...args], {
        env: { PATH: process.env.PATH ?? '', IICP_PACKAGE_ROOT: t.dir },
        encoding: 'utf8',
      });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const present = (path: string) => existsSync(join(t.dir, path));
    return { tree, postrm, present, cleanup: t.cleanup };
  }

  it.runIf(runnable)('on remove, deletes the entries that start this package and nothing else', () => {
    const s = fakeSystem();
    try {
      const r = s.postrm('remove');
      expect(r.status, r.out).toBe(0);
      expect(s.present(s.tree.alice)).toBe(false);
      expect(s.present(s.tree.root)).toBe(false);
      expect(s.present(s.tree.carol)).toBe(false);
      expect(s.present(s.tree.dave)).toBe(false);
      // Someone else's entry, and the AppImage (still on the disk) starting at login, stay.
      expect(s.present(s.tree.aliceOther)).toBe(true);
      expect(s.present(s.tree.bob)).toBe(true);
      expect(s.present(s.tree.erin)).toBe(true);
      // electron-builder's own steps are kept: the /usr/bin link and the AppArmor profile go.
      expect(s.present(s.tree.link)).toBe(false);
      expect(s.present(s.tree.apparmor)).toBe(false);
    } finally {
      s.cleanup();
    }
  });

  it.runIf(runnable)('on purge too, and a second run finds nothing left to do', () => {
    const s = fakeSystem();
    try {
      expect(s.postrm('purge').status).toBe(0);
      expect(s.present(s.tree.alice)).toBe(false);
      expect(s.present(s.tree.bob)).toBe(true);
      expect(s.postrm('purge').status).toBe(0);
    } finally {
      s.cleanup();
    }
  });

  it.runIf(runnable)(
    'on upgrade (and the other reasons dpkg gives), leaves every start-at-login entry where it is',
    () => {
      for (const args of [
        ['upgrade', '0.2.0'],
        ['failed-upgrade', '0.2.0'],
        ['abort-install'],
        ['abort-upgrade', '0.1.0'],
        ['disappear', 'other', '1.0'],
        [],
      ]) {
        const s = fakeSystem();
        try {
          const r = s.postrm(...args);
          expect(r.status, `${args.join(' ')}: ${r.out}`).toBe(0);
          for (const key of ['alice', 'aliceOther', 'bob', 'root', 'carol', 'dave', 'erin'] as const)
            expect(s.present(s.tree[key]), `${args.join(' ')}: ${key}`).toBe(true);
        } finally {
          s.cleanup();
        }
      }
    },
  );
});

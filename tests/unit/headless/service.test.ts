/**
 * `npm run headless -- --install-service` / `--uninstall-service`: the systemd user unit and launchd agent that run
 * the headless host at login with a fixed dashboard token file. The OS is reached through injected deps (a
 * temporary home, a recording runner); one test runs the real runner against a fake `systemctl` first on PATH, and
 * one lets the machine's own `systemd-analyze` judge the unit's quoting.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, HELP, parseHeadlessConfig } from '@main/headless/config';
import { runServiceCommand, SERVICE_EXIT, systemServiceDeps, type ServiceDeps } from '@main/headless/service';
import type { CommandResult } from '@main/headless/service-deps';
import { planService, SERVICE_UI_PORT } from '@main/headless/service-plan';
import { ensureServiceTokenFile } from '@main/headless/service-token';
import { launchdPlist, ServiceTextError, systemdExecStart, systemdUnit, xmlText } from '@main/headless/service-unit';
import { readTokenFile } from '@main/headless/token-file';
import { tempDir } from '../../support/tmp';

const require = createRequire(import.meta.url);
// Real parsers from node_modules (no type declarations ship with them): plist for the meaning, sax in strict mode
// for well-formedness (it refuses what a lenient DOM parser lets through, such as a bare `&`).
const plist = require('plist') as { parse(xml: string): unknown };
const sax = require('sax') as { parser(strict: boolean): { write(xml: string): { close(): void } } };
const wellFormed = (xml: string) => sax.parser(true).write(xml).close();

const posix = process.platform !== 'win32';
const HEX64 = /^[0-9a-f]{64}$/;

/** `[section] key` → values, in order (a key may repeat). */
function unitEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let section = '';
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1]!;
    const entry = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (entry) entries.set(`[${section}] ${entry[1]}`, [...(entries.get(`[${section}] ${entry[1]}`) ?? []), entry[2]!]);
  }
  return entries;
}

interface Recorder {
  calls: string[][];
  /** Answers a command; the default says "done". */
  answer: (command: string, args: string[]) => CommandResult;
}

function recorder(answer?: Recorder['answer']): Recorder & { run: ServiceDeps['run'] } {
  const r: Recorder = { calls: [], answer: answer ?? (() => ({ code: 0, output: '', missing: false })) };
  return {
    ...r,
    run: async (command, args) => {
      r.calls.push([command, ...args]);
      return r.answer(command, args);
    },
  };
}

/** A temporary home with spaces and a `%` in its path, holding a stand-in for the built host. */
let home: string;
let cleanup: () => void;
let entryScript: string;
beforeEach(() => {
  ({ dir: home, cleanup } = tempDir('iicp service %h $HOME '));
  entryScript = join(home, 'checkout dir', 'out', 'main', 'headless.js');
  mkdirSync(join(home, 'checkout dir', 'out', 'main'), { recursive: true });
  writeFileSync(entryScript, '// the built host\n');
});
afterEach(() => cleanup());

function depsFor(platform: NodeJS.Platform, run: ServiceDeps['run']): ServiceDeps {
  return { platform, home, cwd: join(home, 'checkout dir'), uid: 501, node: '/opt/node 22/bin/node', entryScript, run };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const linuxEnv = () => ({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
const unitPath = () => join(home, '.config', 'systemd', 'user', 'iicp-provider.service');
const dataDir = () => join(home, '.config', 'IICP Provider');
const tokenPath = () => join(dataDir(), 'dashboard-token');

describe('the systemd unit text', () => {
  it('quotes every word, so paths with spaces stay one argument each', () => {
    expect(
      systemdExecStart({
        node: '/opt/my node/bin/node',
        args: ['/home/a b/out/main/headless.js', '--data-dir', '/home/a b/.config/IICP Provider'],
      }),
    ).toBe('"/opt/my node/bin/node" "/home/a b/out/main/headless.js" "--data-dir" "/home/a b/.config/IICP Provider"');
  });

  it('doubles % everywhere and $ in arguments only, and escapes quotes, backslashes and control characters', () => {
    expect(systemdExecStart({ node: '/opt/100% $node/node', args: ['/d/50% "off" $HOME\\x', 'tab\there'] })).toBe(
      '"/opt/100%% $node/node" "/d/50%% \\"off\\" $$HOME\\\\x" "tab\\x09here"',
    );
  });

  it('refuses a Node path that systemd would refuse to run, however escaped', () => {
    for (const node of ["/opt/it's/node", '/opt/"q"/node', '/opt/back\\slash/node', '/opt/new\nline/node']) {
      expect(() => systemdExecStart({ node, args: [] }), node).toThrow(ServiceTextError);
    }
  });

  it('restarts after a failure, except for the exit codes a restart cannot fix, and starts with the user session', () => {
    const unit = unitEntries(systemdUnit({ node: '/usr/bin/node', args: ['/x/headless.js'] }));
    expect(unit.get('[Service] Restart')).toEqual(['on-failure']);
    // run.ts: 64 bad flags, 73 node served by another process, 78 unusable data
    expect(unit.get('[Service] RestartPreventExitStatus')).toEqual(['64 73 78']);
    expect(unit.get('[Install] WantedBy')).toEqual(['default.target']);
    expect(unit.get('[Service] ExecStart')).toEqual(['"/usr/bin/node" "/x/headless.js"']);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  const analyzeSkip = analyze.status === 0 ? '' : ' (skipped: systemd-analyze is not installed here)';
  it.skipIf(analyze.status !== 0)(
    `passes systemd-analyze verify with a Node path full of specifiers and spaces${analyzeSkip}`,
    () => {
      // systemd checks that the executable exists after unquoting: a wrong escape of %h or $ or the space misses it.
      const nodeDir = join(home, 'node %h $HOME; x');
      mkdirSync(nodeDir);
      symlinkSync(process.execPath, join(nodeDir, 'node'));
      // Without a user session systemd-analyze --user has no runtime directory; a private one does.
      const runtime = join(home, 'runtime');
      mkdirSync(runtime, { mode: 0o700 });
      const verify = (text: string) => {
        const file = join(home, 'iicp-provider.service');
        writeFileSync(file, text);
        return spawnSync('systemd-analyze', ['verify', '--user', '--man=no', file], {
          encoding: 'utf8',
          env: { ...process.env, XDG_RUNTIME_DIR: runtime },
        });
      };
      const text = systemdUnit({
        node: join(nodeDir, 'node'),
        args: [entryScript, '--data-dir', join(home, '100% $data')],
      });
      const good = verify(text);
      expect(good.stderr).not.toMatch(/special characters|not executable|No such file|bad unit/i);
      expect(good.status, good.stderr).toBe(0);
      // The same unit with the executable left unquoted is refused: the check can fail.
      const bad = verify(text.replace(/^ExecStart="([^"]+)"/m, (_, p: string) => `ExecStart=${p.replace(/%%/g, '%')}`));
      expect(bad.status).not.toBe(0);
    },
  );
});

describe('what the service runs', () => {
  it('carries the flags and settings it was installed with, resolved to absolute paths, and never --install-service', () => {
    const plan = planService(
      [
        '--install-service',
        '--port',
        '9500',
        '--region',
        'eu-central',
        '--data-dir',
        'my data',
        '--allow-private-endpoint',
      ],
      { HOME: home, IICP_DIRECTORY_URL: 'https://directory.example.org', IICP_MAX_CONCURRENT: '3' },
      '/srv/checkout dir',
    );
    expect(plan.args).toEqual([
      '--data-dir',
      '/srv/checkout dir/my data',
      '--ui-token-file',
      '/srv/checkout dir/my data/dashboard-token',
      '--ui-port',
      String(SERVICE_UI_PORT),
      '--directory-url',
      'https://directory.example.org',
      '--port',
      '9500',
      '--region',
      'eu-central',
      '--max-concurrent',
      '3',
      '--allow-private-endpoint',
    ]);
    expect(plan.args.join(' ')).not.toMatch(/service/);
  });

  it('keeps a dashboard port given by flag or environment, and fixes one otherwise (a bookmark must survive restarts)', () => {
    expect(planService(['--ui-port', '8123'], { HOME: home }, home).uiPort).toBe(8123);
    expect(planService([], { HOME: home, IICP_UI_PORT: '8124' }, home).uiPort).toBe(8124);
    expect(planService([], { HOME: home }, home).uiPort).toBe(SERVICE_UI_PORT);
    expect(planService(['--ui-port', '0'], { HOME: home }, home).notes.join(' ')).toMatch(/changes at every start/);
  });

  it('writes no secret into the service, and says what it left out', () => {
    const apiKey = 'sk-' + 'f'.repeat(40);
    const uiToken = 'a'.repeat(64);
    const plan = planService(
      ['--data-dir', join(home, 'd')],
      { HOME: home, IICP_BACKEND_API_KEY: apiKey, IICP_UI_TOKEN: uiToken },
      home,
    );
    expect(plan.args.join(' ')).not.toContain(apiKey);
    expect(plan.args.join(' ')).not.toContain(uiToken);
    expect(plan.notes.join('\n')).toMatch(/IICP_BACKEND_API_KEY is not written/);
    expect(plan.notes.join('\n')).toMatch(/IICP_UI_TOKEN is not carried/);
  });

  it('refuses at install time what the host would refuse at every start', async () => {
    const rec = recorder();
    const t = io();
    expect(
      await runServiceCommand(['--install-service', '--port', '99999'], linuxEnv(), t.io, depsFor('linux', rec.run)),
    ).toBe(SERVICE_EXIT.usage);
    expect(t.err()).toMatch(/task port/);
    expect(existsSync(unitPath())).toBe(false);
    expect(rec.calls).toEqual([]);
  });
});

describe.skipIf(!posix)('the dashboard token file', () => {
  it('is created once, owner-only, with 64 hex characters, and reused afterwards', () => {
    const path = join(home, 'data', 'dashboard-token');
    const first = ensureServiceTokenFile(path);
    expect(first.action).toBe('created');
    expect(first.token).toMatch(HEX64);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readTokenFile(path)).toBe(first.token);
    const second = ensureServiceTokenFile(path);
    expect(second).toEqual({ token: first.token, action: 'reused' });
  });

  it('is replaced, with the reason, when others could read it or it holds no token', () => {
    const path = join(home, 'dashboard-token');
    writeFileSync(path, 'b'.repeat(64));
    chmodSync(path, 0o644);
    const widened = ensureServiceTokenFile(path);
    expect(widened.action).toBe('replaced');
    expect(widened.reason).toMatch(/readable or writable by other users/);
    expect(widened.token).not.toBe('b'.repeat(64));
    expect(statSync(path).mode & 0o777).toBe(0o600);

    writeFileSync(path, 'not a token', { mode: 0o600 });
    const garbage = ensureServiceTokenFile(path);
    expect(garbage.action).toBe('replaced');
    expect(garbage.token).toMatch(HEX64);
  });

  it('replaces a dangling symlink in its place instead of writing through it', () => {
    const path = join(home, 'dashboard-token');
    const target = join(home, 'elsewhere');
    symlinkSync(target, path);
    expect(ensureServiceTokenFile(path).action).toBe('replaced');
    expect(existsSync(target)).toBe(false);
  });

  it("is the person's own file when --ui-token-file is given, used as it is", async () => {
    const own = join(home, 'my token');
    writeFileSync(own, `${'c'.repeat(48)}\n`, { mode: 0o600 });
    const t = io();
    const code = await runServiceCommand(
      ['--install-service', '--ui-token-file', own],
      linuxEnv(),
      t.io,
      depsFor('linux', recorder().run),
    );
    expect(code).toBe(SERVICE_EXIT.ok);
    expect(readFileSync(own, 'utf8')).toBe(`${'c'.repeat(48)}\n`);
    expect(readFileSync(unitPath(), 'utf8')).toContain(
      `"--ui-token-file" "${own.replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`,
    );
    expect(existsSync(tokenPath())).toBe(false);
    expect(t.out()).toContain(`#token=${'c'.repeat(48)}`);
  });
});

describe.skipIf(!posix)('install and uninstall with systemd (temporary home, recorded systemctl)', () => {
  it('writes the unit and the token file, enables and starts it, then removes it and keeps the token and the data', async () => {
    const rec = recorder();
    const install = io();
    expect(
      await runServiceCommand(
        ['--install-service', '--port', '9500'],
        linuxEnv(),
        install.io,
        depsFor('linux', rec.run),
      ),
    ).toBe(SERVICE_EXIT.ok);

    const unit = unitEntries(readFileSync(unitPath(), 'utf8'));
    const execStart = unit.get('[Service] ExecStart')![0]!;
    expect(execStart).toBe(
      systemdExecStart({
        node: '/opt/node 22/bin/node',
        args: [
          entryScript,
          '--data-dir',
          dataDir(),
          '--ui-token-file',
          tokenPath(),
          '--ui-port',
          String(SERVICE_UI_PORT),
          '--port',
          '9500',
        ],
      }),
    );
    expect(execStart).not.toContain('install-service');
    const token = readTokenFile(tokenPath());
    expect(statSync(tokenPath()).mode & 0o777).toBe(0o600);
    expect(rec.calls).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'iicp-provider.service'],
    ]);
    expect(install.out()).toContain(`Dashboard: http://127.0.0.1:${SERVICE_UI_PORT}/#token=${token}`);
    expect(install.out()).toContain('loginctl enable-linger $USER');
    expect(install.out()).toContain('journalctl --user -u iicp-provider');

    rec.calls.length = 0;
    const uninstall = io();
    expect(await runServiceCommand(['--uninstall-service'], linuxEnv(), uninstall.io, depsFor('linux', rec.run))).toBe(
      SERVICE_EXIT.ok,
    );
    expect(existsSync(unitPath())).toBe(false);
    expect(readTokenFile(tokenPath())).toBe(token);
    expect(existsSync(dataDir())).toBe(true);
    expect(rec.calls).toEqual([
      ['systemctl', '--user', 'disable', '--now', 'iicp-provider.service'],
      ['systemctl', '--user', 'daemon-reload'],
    ]);
    expect(uninstall.out()).toMatch(/Kept: the data folder and the dashboard token file/);

    rec.calls.length = 0;
    const again = io();
    expect(await runServiceCommand(['--uninstall-service'], linuxEnv(), again.io, depsFor('linux', rec.run))).toBe(
      SERVICE_EXIT.ok,
    );
    expect(again.out()).toMatch(/not installed/);
    expect(rec.calls).toEqual([]);
  });

  it('keeps the token across reinstalls, and restarts the service so a new unit or a new build takes effect', async () => {
    const rec = recorder();
    await runServiceCommand(['--install-service'], linuxEnv(), io().io, depsFor('linux', rec.run));
    const token = readTokenFile(tokenPath());
    rec.calls.length = 0;
    const same = io();
    await runServiceCommand(['--install-service'], linuxEnv(), same.io, depsFor('linux', rec.run));
    expect(rec.calls).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', 'iicp-provider.service'],
      ['systemctl', '--user', 'restart', 'iicp-provider.service'],
    ]);
    expect(same.out()).toMatch(/\(unchanged\)/);
    const changed = io();
    await runServiceCommand(
      ['--install-service', '--region', 'eu-central'],
      linuxEnv(),
      changed.io,
      depsFor('linux', rec.run),
    );
    expect(changed.out()).toMatch(/\(updated\)/);
    expect(readFileSync(unitPath(), 'utf8')).toContain('"--region" "eu-central"');
    expect(readTokenFile(tokenPath())).toBe(token);
  });

  it('says plainly when systemctl is missing, keeps the unit and gives the command for later; exit 69', async () => {
    const rec = recorder(() => ({ code: null, output: '', missing: true }));
    const t = io();
    expect(await runServiceCommand(['--install-service'], linuxEnv(), t.io, depsFor('linux', rec.run))).toBe(
      SERVICE_EXIT.managerUnavailable,
    );
    expect(existsSync(unitPath())).toBe(true);
    expect(t.err()).toMatch(/systemctl was not found/);
    expect(t.err()).toContain('systemctl --user daemon-reload && systemctl --user enable --now iicp-provider.service');
    expect(t.out()).not.toMatch(/was started/);
  });

  it('reports a failing systemctl (no user session) with its message; exit 69', async () => {
    const rec = recorder((_, args) =>
      args.includes('enable')
        ? { code: 1, output: 'Failed to connect to bus: No medium found', missing: false }
        : { code: 0, output: '', missing: false },
    );
    const t = io();
    expect(await runServiceCommand(['--install-service'], linuxEnv(), t.io, depsFor('linux', rec.run))).toBe(
      SERVICE_EXIT.managerUnavailable,
    );
    expect(t.err()).toContain(
      '`systemctl --user enable --now iicp-provider.service` failed (exit 1): Failed to connect to bus',
    );
    expect(t.err()).toMatch(/login session/);
  });

  it('removes the unit even when systemctl cannot stop it, and says the service may still run; exit 69', async () => {
    await runServiceCommand(['--install-service'], linuxEnv(), io().io, depsFor('linux', recorder().run));
    const t = io();
    const failing = recorder(() => ({ code: 1, output: 'Failed to connect to bus', missing: false }));
    expect(await runServiceCommand(['--uninstall-service'], linuxEnv(), t.io, depsFor('linux', failing.run))).toBe(
      SERVICE_EXIT.managerUnavailable,
    );
    expect(existsSync(unitPath())).toBe(false);
    expect(t.err()).toMatch(/may still be running/);
  });

  it('puts the unit under ~/.config when XDG_CONFIG_HOME is unset or relative', async () => {
    await runServiceCommand(
      ['--install-service', '--data-dir', join(home, 'd')],
      { HOME: home, XDG_CONFIG_HOME: 'relative' },
      io().io,
      depsFor('linux', recorder().run),
    );
    expect(existsSync(join(home, '.config', 'systemd', 'user', 'iicp-provider.service'))).toBe(true);
  });
});

describe.skipIf(process.platform !== 'linux')('the real runner, with a fake systemctl first on PATH', () => {
  function fakeSystemctl(body: string) {
    const bin = join(home, 'fake bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "$SYSTEMCTL_LOG"\n${body}\n`, {
      mode: 0o755,
    });
    const log = join(home, 'systemctl.log');
    const env = { ...linuxEnv(), PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, SYSTEMCTL_LOG: log };
    return { env, log: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
  }

  it('really invokes systemctl --user to enable, then to disable', async () => {
    const fake = fakeSystemctl('exit 0');
    const install = io();
    expect(
      await runServiceCommand(['--install-service'], fake.env, install.io, systemServiceDeps(fake.env, entryScript)),
    ).toBe(SERVICE_EXIT.ok);
    expect(fake.log()).toBe('--user daemon-reload\n--user enable --now iicp-provider.service\n');
    expect(readFileSync(unitPath(), 'utf8')).toContain(
      `ExecStart=${systemdExecStart({ node: process.execPath, args: [entryScript] })}`,
    );
    expect(
      await runServiceCommand(['--uninstall-service'], fake.env, io().io, systemServiceDeps(fake.env, entryScript)),
    ).toBe(SERVICE_EXIT.ok);
    expect(fake.log()).toContain('--user disable --now iicp-provider.service\n');
    expect(existsSync(unitPath())).toBe(false);
  });

  const built = join(import.meta.dirname, '..', '..', '..', 'out', 'main', 'headless.js');
  it.skipIf(!existsSync(built))(
    `is what the built host runs for --install-service${existsSync(built) ? '' : ' (skipped: not built)'}`,
    () => {
      const fake = fakeSystemctl('exit 0');
      const r = spawnSync(process.execPath, [built, '--install-service'], {
        encoding: 'utf8',
        timeout: 20_000,
        env: fake.env,
      });
      expect(r.status, r.stderr).toBe(SERVICE_EXIT.ok);
      expect(fake.log()).toBe('--user daemon-reload\n--user enable --now iicp-provider.service\n');
      expect(readFileSync(unitPath(), 'utf8')).toContain(
        systemdExecStart({ node: process.execPath, args: [built, '--data-dir', dataDir()] }),
      );
    },
  );

  it('passes on what a failing systemctl said, and exits 69', async () => {
    const fake = fakeSystemctl('echo "Failed to connect to bus: No medium found" >&2; exit 1');
    const t = io();
    expect(
      await runServiceCommand(['--install-service'], fake.env, t.io, systemServiceDeps(fake.env, entryScript)),
    ).toBe(SERVICE_EXIT.managerUnavailable);
    expect(t.err()).toContain(
      '`systemctl --user daemon-reload` failed (exit 1): Failed to connect to bus: No medium found',
    );
  });
});

describe.skipIf(!posix)('the macOS launchd agent', () => {
  const agentPath = () => join(home, 'Library', 'LaunchAgents', 'network.iicp.provider.headless.plist');
  const macData = () => join(home, 'Library', 'Application Support', 'IICP <Provider> & "co"');

  it('is well-formed XML whose values read back exactly, even hostile ones', () => {
    const hostile = [
      'a & b',
      '<tag>',
      ']]>',
      '<!-- x -->',
      '"quoted" \'single\'',
      'line\nbreak\r\nand\ttab',
      '&amp; literal',
      'ünïcødé 🚀',
    ];
    const xml = launchdPlist({
      node: '/usr/local/bin/node',
      args: hostile,
      stdoutPath: '/l/o.log',
      stderrPath: '/l/e.log',
    });
    wellFormed(xml);
    expect((plist.parse(xml) as { ProgramArguments: string[] }).ProgramArguments).toEqual([
      '/usr/local/bin/node',
      ...hostile,
    ]);
    expect(() => xmlText('bell\u0007')).toThrow(ServiceTextError);
  });

  it('is installed with RunAtLoad, restart on failure and its logs, then loaded with launchctl bootstrap', async () => {
    const rec = recorder((_, args) =>
      args[0] === 'print'
        ? { code: 113, output: 'Could not find service', missing: false }
        : { code: 0, output: '', missing: false },
    );
    const t = io();
    // `&` must be escaped in the plist (a query would go to the secret store, so it is in the path here).
    expect(
      await runServiceCommand(
        ['--install-service', '--data-dir', macData(), '--directory-url', 'https://directory.example.org/a&b/x'],
        { HOME: home },
        t.io,
        depsFor('darwin', rec.run),
      ),
    ).toBe(SERVICE_EXIT.ok);

    const xml = readFileSync(agentPath(), 'utf8');
    wellFormed(xml);
    const agent = plist.parse(xml) as Record<string, unknown>;
    const logDir = join(home, 'Library', 'Logs', 'IICP Provider');
    const tokenFile = join(macData(), 'dashboard-token');
    expect(agent).toEqual({
      Label: 'network.iicp.provider.headless',
      ProgramArguments: [
        '/opt/node 22/bin/node',
        entryScript,
        '--data-dir',
        macData(),
        '--ui-token-file',
        tokenFile,
        '--ui-port',
        String(SERVICE_UI_PORT),
        '--directory-url',
        'https://directory.example.org/a&b/x',
      ],
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 60,
      StandardOutPath: join(logDir, 'headless.log'),
      StandardErrorPath: join(logDir, 'headless.err.log'),
    });
    expect(statSync(logDir).mode & 0o777).toBe(0o700);
    // Owner-only, like the systemd unit: what a person's service runs with is theirs.
    expect(statSync(agentPath()).mode & 0o777).toBe(0o600);
    expect(rec.calls).toEqual([
      ['launchctl', 'print', 'gui/501/network.iicp.provider.headless'],
      ['launchctl', 'bootstrap', 'gui/501', agentPath()],
    ]);
    expect(t.out()).toContain(`#token=${readTokenFile(tokenFile)}`);

    const loaded = recorder();
    const un = io();
    expect(await runServiceCommand(['--uninstall-service'], { HOME: home }, un.io, depsFor('darwin', loaded.run))).toBe(
      SERVICE_EXIT.ok,
    );
    expect(loaded.calls).toEqual([
      ['launchctl', 'print', 'gui/501/network.iicp.provider.headless'],
      ['launchctl', 'bootout', 'gui/501/network.iicp.provider.headless'],
    ]);
    expect(existsSync(agentPath())).toBe(false);
    expect(existsSync(tokenFile)).toBe(true);
    expect(un.out()).toMatch(/Kept: the data folder/);

    const again = io();
    expect(
      await runServiceCommand(['--uninstall-service'], { HOME: home }, again.io, depsFor('darwin', recorder().run)),
    ).toBe(SERVICE_EXIT.ok);
    expect(again.out()).toMatch(/not installed/);
  });

  it('unloads a loaded agent before loading the new file', async () => {
    const rec = recorder();
    await runServiceCommand(
      ['--install-service', '--data-dir', macData()],
      { HOME: home },
      io().io,
      depsFor('darwin', rec.run),
    );
    expect(rec.calls.map((c) => c[1])).toEqual(['print', 'bootout', 'bootstrap']);
  });
});

describe('other systems and the flags', () => {
  it('refuses on Windows with a clear message and exit 64, touching nothing', async () => {
    const rec = recorder();
    const t = io();
    expect(await runServiceCommand(['--install-service'], { HOME: home }, t.io, depsFor('win32', rec.run))).toBe(
      SERVICE_EXIT.usage,
    );
    expect(t.err()).toMatch(/supported on Linux \(systemd\) and macOS \(launchd\), not on win32/);
    expect(rec.calls).toEqual([]);
    expect(existsSync(join(home, '.config'))).toBe(false);
    expect(existsSync(join(home, 'Library'))).toBe(false);
  });

  it('are in the help and parsed, and exclude each other', async () => {
    expect(HELP).toContain('--install-service');
    expect(HELP).toContain('--uninstall-service');
    expect(parseHeadlessConfig(['--install-service'], { HOME: home })).toMatchObject({ service: 'install' });
    expect(parseHeadlessConfig(['--uninstall-service'], { HOME: home })).toMatchObject({ service: 'uninstall' });
    expect(() => parseHeadlessConfig(['--install-service', '--uninstall-service'], { HOME: home })).toThrow(
      ConfigError,
    );
    const t = io();
    expect(
      await runServiceCommand(
        ['--install-service', '--uninstall-service'],
        linuxEnv(),
        t.io,
        depsFor('linux', recorder().run),
      ),
    ).toBe(SERVICE_EXIT.usage);
    expect(t.err()).toMatch(/exclude each other/);
  });
});

#!/usr/bin/env node
/**
 * `npm start`: builds the app, then runs it in Electron.
 *
 * When Electron's binary is missing (its npm package downloads it on install, which needs access to its
 * download host) one download is attempted; if that fails, or there is no display to open a window on,
 * the script says so in one line and points to `npm run headless` instead. It never prints a stack trace.
 * Extra arguments are passed to the app (e.g. `npm start -- --hidden`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const DOWNLOAD_TIMEOUT_MS = 120_000;

const NO_BINARY =
  'Electron\'s binary could not be downloaded on this machine (no access to its download host). Run "npm run headless" for the same app with its dashboard in your browser.';
const NO_DISPLAY =
  'There is no display on this machine (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window cannot open. Run "npm run headless" for the same app with its dashboard in your browser.';

function fail(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** Runs a child process to completion, capturing its output. Never throws. */
function run(command, args, { timeoutMs, env } = {}) {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, {
        cwd: ROOT,
        env: env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      resolve({ code: null, output: err instanceof Error ? err.message : String(err), timedOut });
      return;
    }
    const collect = (data) => {
      output += data.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : null;
    child.on('error', (err) => {
      output += err.message;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** Build output without stack frames (bundler errors come with the bundler's own stack). */
function withoutStack(text) {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s+at\s/.test(line))
    .join('\n')
    .trim();
}

/** The Electron executable if it is installed, else null. */
function electronBinary() {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  let relative;
  try {
    relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  } catch {
    relative = '';
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(bin) ? bin : null;
  }
  if (!relative) return null;
  const bin = join(ELECTRON_DIR, 'dist', relative);
  return existsSync(bin) ? bin : null;
}

async function main() {
  process.stdout.write('Building IICP Provider…\n');
  const build = await run(process.execPath, [ELECTRON_VITE, 'build']);
  if (build.code !== 0) {
    const details = withoutStack(build.output);
    if (details) process.stderr.write(`${details}\n`);
    fail('The build failed (details above); fix it and run "npm start" again.');
  }

  let bin = electronBinary();
  if (!bin) {
    const install = await run(process.execPath, [join(ELECTRON_DIR, 'install.js')], { timeoutMs: DOWNLOAD_TIMEOUT_MS });
    bin = install.code === 0 ? electronBinary() : null;
    if (!bin) fail(NO_BINARY);
  }

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) fail(NO_DISPLAY);

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
  let child;
  try {
    child = spawn(bin, ['.', ...process.argv.slice(2)], { cwd: ROOT, env, stdio: 'inherit' });
  } catch (err) {
    fail(`Electron could not be started: ${err instanceof Error ? err.message : String(err)}`);
  }
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (err) => fail(`Electron could not be started: ${err.message}`));
  child.on('exit', (code, signal) => {
    if (signal) process.exit(128 + (constants.signals[signal] ?? 0));
    process.exit(code ?? 1);
  });
}

main().catch((err) => fail(`npm start failed: ${err instanceof Error ? err.message : String(err)}`));

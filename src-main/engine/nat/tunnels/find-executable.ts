import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

// An app started from the Finder or the Dock gets PATH=/usr/bin:/bin:/usr/sbin:/sbin, so tools installed with
// Homebrew (Apple silicon and Intel prefixes) would never be found through PATH alone.
const DARWIN_EXTRA_DIRS = ['/opt/homebrew/bin', '/usr/local/bin'];

/**
 * The full path of the program `name` as a shell would find it on `env`'s PATH (Windows: `name.exe`, then
 * `name.cmd`), or null. Also looks in `extra` (exact paths, tried last) and, on macOS, in the Homebrew folders.
 * Never runs anything.
 */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  extra: readonly string[] = [],
): string | null {
  const windows = platform === 'win32';
  // Windows keeps the variable as "Path"; env lookups there are case-insensitive only on process.env itself.
  const pathVar = env.PATH ?? env.Path ?? Object.entries(env).find(([k]) => k.toUpperCase() === 'PATH')?.[1] ?? '';
  const dirs = pathVar.split(windows ? ';' : ':').filter((d) => d.length > 0);
  if (platform === 'darwin') dirs.push(...DARWIN_EXTRA_DIRS);
  const names = windows ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of dirs) {
    for (const n of names) {
      const candidate = join(dir.replace(/^"(.*)"$/, '$1'), n);
      if (isExecutableFile(candidate, windows)) return candidate;
    }
  }
  for (const candidate of extra) if (isExecutableFile(candidate, windows)) return candidate;
  return null;
}

function isExecutableFile(candidate: string, windows: boolean): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    // Windows has no execute bit; the extension is what makes a file runnable there.
    if (!windows) accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

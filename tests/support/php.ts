import { execFileSync } from 'node:child_process';

/**
 * Runs `script` with Debian's php-cli (`php -r`), `input` on its stdin, and returns what it printed: the production
 * directory's own PHP and libsodium as the oracle for code that must match it byte for byte. CI installs php-cli
 * (see .ci/run); without it the test says so instead of passing.
 */
export function php(script: string, input: string): string {
  try {
    return execFileSync('php', ['-r', script], { input, encoding: 'utf8', timeout: 20_000 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error("php is not installed: install Debian's php-cli (CI does, see .ci/run)", { cause: err });
    throw err;
  }
}

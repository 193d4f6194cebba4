/**
 * A folder's README is its map: a newcomer opens it to learn what each file is for, so it names every source file and
 * every subfolder the folder holds. A file it leaves out is a file nobody is told about. Every room of the engine has
 * such a map. This test lists what the maps leave out.
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The trees whose READMEs are checked. */
const TREES = ['src-main', 'src-preload', 'src-shared', 'src-renderer', 'tests', 'build', 'scripts'];
/**
 * What a README must name: code and scripts. A CSS module is left out: it sits beside its component and is named by
 * it; so are data files (fixtures, icons), which their folder's README describes as a group.
 */
const SOURCE = /\.(ts|tsx|js|mjs|cjs|sh|nsh)$/;

/** Every folder under `root`, `root` included, skipping installed packages and hidden folders. */
function folders(root: string): string[] {
  if (!existsSync(root)) return [];
  const below = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => folders(join(root, e.name)));
  return [root, ...below];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` names `name` as a whole: `gateway-codec.ts` is not named by `gateway-codec-worker.ts`, nor `types.ts`
 * by `api-types.ts`. A folder may be named with or without its trailing slash.
 */
export function names(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w.-])${escape(name)}(?![\\w-]|\\.\\w)`).test(text);
}

/** The direct children of `dir` its README must name and does not, as `file` or `folder/`. */
export function unnamed(dir: string): string[] {
  const text = readFileSync(join(dir, 'README.md'), 'utf8');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== 'README.md' && !e.name.startsWith('.'))
    .filter((e) => (e.isDirectory() ? e.name !== 'node_modules' : SOURCE.test(e.name)))
    .filter((e) => !names(text, e.name))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

/** For every folder with a README under `root`'s trees, what its README leaves out, as `folder: file`. */
export function missingFromReadmes(root: string, trees: readonly string[]): string[] {
  return trees
    .flatMap((t) => folders(join(root, t)))
    .filter((d) => existsSync(join(d, 'README.md')))
    .flatMap((d) => unnamed(d).map((f) => `${relative(root, d)}: ${f}`));
}

/** The rooms of the engine (its folders) that have no README. */
export function roomsWithoutReadme(engine: string): string[] {
  return readdirSync(engine, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !existsSync(join(engine, e.name, 'README.md')))
    .map((e) => e.name)
    .sort();
}

describe('the checker', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'readme-check-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('finds a file or a folder the README does not name, and only those', () => {
    const dir = join(tmp, 'src-main/engine/room');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    mkdirSync(join(dir, 'named'), { recursive: true });
    for (const f of ['a.ts', 'codec.ts', 'codec-worker.ts', 'types.ts', 'View.tsx', 'View.module.css', 'data.json']) {
      writeFileSync(join(dir, f), '');
    }
    writeFileSync(
      join(dir, 'README.md'),
      '# room\n\n| `a.ts` | x |\n| `codec-worker.ts` | y |\n| `api-types.ts` | z |\n`named/` holds.\n',
    );
    expect(unnamed(dir)).toEqual(['View.tsx', 'codec.ts', 'inner/', 'types.ts']);
    expect(missingFromReadmes(tmp, ['src-main'])).toEqual(
      ['View.tsx', 'codec.ts', 'inner/', 'types.ts'].map((f) => `src-main/engine/room: ${f}`),
    );
  });

  it('accepts a name in plain words, at the start of a line and with a path before it', () => {
    expect(names('server.ts starts it', 'server.ts')).toBe(true);
    expect(names('see ../support/node-harness.ts', 'node-harness.ts')).toBe(true);
    expect(names('the `tunnels` folder', 'tunnels')).toBe(true);
    expect(names('server.tsx', 'server.ts')).toBe(false);
    expect(names('my-server.ts', 'server.ts')).toBe(false);
  });

  it('finds a room without a README', () => {
    const engine = join(tmp, 'engine');
    mkdirSync(join(engine, 'with'), { recursive: true });
    mkdirSync(join(engine, 'without'), { recursive: true });
    writeFileSync(join(engine, 'with', 'README.md'), '# with\n');
    writeFileSync(join(engine, 'index.ts'), '');
    expect(roomsWithoutReadme(engine)).toEqual(['without']);
  });
});

describe('the READMEs of this repository', () => {
  it('every room of the engine has a README', () => {
    expect(roomsWithoutReadme(join(ROOT, 'src-main/engine'))).toEqual([]);
  });

  it('every README names each source file and subfolder of its folder', () => {
    expect(missingFromReadmes(ROOT, TREES)).toEqual([]);
  });
});

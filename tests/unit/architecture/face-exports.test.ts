/**
 * A room's face (`src-main/engine/<room>/index.ts`, and the engine's front door `src-main/engine/index.ts`) says what
 * the room offers the rest of the program. A name it exports that no code outside the room imports is a promise
 * nobody holds it to: the face grows into a barrel and stops telling a reader what the room is for. Tests may reach
 * inside a room, so a name only tests use belongs to the inner file they import, not to the face. This test parses
 * each face's exports with the TypeScript compiler and looks for each name in the code outside its room.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
/** Where the code that may use a face lives; tests are left out on purpose. */
const USERS = ['src-main', 'src-preload', 'src-shared', 'src-renderer', 'scripts'];
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** The aliases of tsconfig.base.json that can lead to a face. */
const ALIASES: Record<string, string> = { '@engine/': 'src-main/engine/', '@main/': 'src-main/' };
/** Stands for "every name": a user that takes the face whole (`export *`, a dynamic `import()`). */
const ALL = '*';

interface Face {
  /** The room's name, or `engine` for the front door. */
  room: string;
  /** The room's folder, relative to the root: code under it is the room's own. */
  dir: string;
  /** The face file, relative to the root. */
  file: string;
}

/** Every code file under `dir`, skipping installed packages and hidden folders. */
function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? codeFiles(path) : CODE.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The faces under `root`: the front door and each room's `index.ts`. */
export function faces(root: string): Face[] {
  const engine = join(root, 'src-main/engine');
  const rooms = readdirSync(engine, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(engine, e.name, 'index.ts')))
    .map((e) => ({ room: e.name, dir: `src-main/engine/${e.name}`, file: `src-main/engine/${e.name}/index.ts` }));
  const door = existsSync(join(engine, 'index.ts'))
    ? [{ room: 'engine', dir: 'src-main/engine', file: 'src-main/engine/index.ts' }]
    : [];
  return [...door, ...rooms];
}

/** The file a relative or aliased module specifier leads to, without its extension; undefined for a package. */
function target(root: string, from: string, specifier: string): string | undefined {
  let path: string | undefined;
  if (specifier.startsWith('.')) path = resolve(dirname(from), specifier);
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) path = join(root, folder, specifier.slice(alias.length));
  }
  if (!path) return undefined;
  const bare = path.replace(/\.(ts|tsx|js|mjs)$/, '');
  return existsSync(join(bare, 'index.ts')) ? join(bare, 'index') : bare;
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module exports: its own exported declarations and its re-exports, `export *` followed. */
export function exportedNames(root: string, file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const out: string[] = [];
  for (const s of parse(file).statements) {
    if (ts.isExportDeclaration(s)) {
      if (s.exportClause && ts.isNamedExports(s.exportClause))
        out.push(...s.exportClause.elements.map((e) => e.name.text));
      else if (s.exportClause) out.push(s.exportClause.name.text);
      else if (s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
        const to = target(root, file, s.moduleSpecifier.text);
        if (to) out.push(...exportedNames(root, `${to}.ts`, seen).filter((n) => n !== 'default'));
      }
    } else if (ts.isExportAssignment(s)) out.push('default');
    else if (hasExport(s)) {
      if (ts.isVariableStatement(s))
        out.push(...s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : [])));
      else if ('name' in s && s.name && ts.isIdentifier(s.name as ts.Node)) out.push((s.name as ts.Identifier).text);
    }
  }
  return [...new Set(out)];
}

/**
 * The names `source` takes from each module it imports by a relative or aliased path (keyed by that module's path
 * without extension): imported, re-exported or reached through a namespace. One walk per file serves every face.
 */
function namesTaken(root: string, source: ts.SourceFile): Map<string, string[]> {
  const taken = new Map<string, string[]>();
  const take = (spec: ts.Node | undefined, ...names: string[]) => {
    const to = spec && ts.isStringLiteral(spec) ? target(root, source.fileName, spec.text) : undefined;
    if (to) taken.set(to, [...(taken.get(to) ?? []), ...names]);
  };
  const namespaces = new Map<string, ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.name) take(node.moduleSpecifier, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, node.moduleSpecifier);
      else if (bindings) take(node.moduleSpecifier, ...bindings.elements.map((e) => (e.propertyName ?? e.name).text));
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      if (clause && ts.isNamedExports(clause))
        take(node.moduleSpecifier, ...clause.elements.map((e) => (e.propertyName ?? e.name).text));
      else take(node.moduleSpecifier, ALL);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      take(node.argument.literal, node.qualifier ? leftmost(node.qualifier) : ALL);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      take(node.arguments[0], ALL);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      take(namespaces.get(node.expression.text), node.name.text);
    } else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left)) {
      take(namespaces.get(node.left.text), node.right.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return taken;
}

function leftmost(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : leftmost(name.left);
}

/**
 * For each face, the names it exports that no code outside its room takes, sorted; a face whose names are all used
 * is left out.
 */
export function unusedFaceNames(root: string, users: readonly string[] = USERS): Record<string, string[]> {
  const sources = users
    .flatMap((u) => codeFiles(join(root, u)))
    .map((file) => ({ file, taken: namesTaken(root, parse(file)) }));
  const out: Record<string, string[]> = {};
  for (const face of faces(root)) {
    const file = join(root, face.file);
    const inside = join(root, face.dir) + '/';
    const taken = new Set(
      sources.filter((s) => !s.file.startsWith(inside)).flatMap((s) => s.taken.get(file.replace(/\.ts$/, '')) ?? []),
    );
    if (taken.has(ALL)) continue;
    const unused = exportedNames(root, file)
      .filter((n) => !taken.has(n))
      .sort();
    if (unused.length > 0) out[face.room] = unused;
  }
  return out;
}

/** A tree to run the check on: `files` maps a path under a fresh folder to its text. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'face-exports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  made.push(root);
  return root;
}
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the rooms' faces", () => {
  it('export only names that code outside the room uses', () => {
    const unused = unusedFaceNames(ROOT);
    const offenders = Object.fromEntries(Object.entries(unused).filter(([, names]) => names.length > 0));
    expect(offenders).toEqual({});
  });

  it('are all found, the front door among them', () => {
    const rooms = faces(ROOT).map((f) => f.room);
    expect(rooms).toContain('engine');
    expect(rooms).toContain('backends');
    expect(rooms.length).toBeGreaterThan(20);
    expect(exportedNames(ROOT, join(ROOT, 'src-main/engine/index.ts'))).toEqual([
      'ProviderNode',
      'ProviderNodeOptions',
    ]);
  });
});

describe('the face check', () => {
  const room = {
    'src-main/engine/alpha/index.ts': [
      "export { used, alsoUsed } from './parts';",
      "export type { Shape } from './shape';",
      "export * from './more';",
      'export const ownConstant = 1;',
      'export function ownFunction() {}',
      'export interface OwnInterface { a: number }',
    ].join('\n'),
    'src-main/engine/alpha/parts.ts': 'export const used = 1; export const alsoUsed = 2;',
    'src-main/engine/alpha/shape.ts': 'export type Shape = { a: number };',
    'src-main/engine/alpha/more.ts': 'export class MoreThing {}\nexport type MoreKind = string;',
    // The room's own files and the tests do not count as users.
    'src-main/engine/alpha/inside.ts': "import { ownFunction } from '.';\nownFunction();",
    'tests/unit/alpha/parts.test.ts': "import { ownConstant } from '@engine/alpha';",
  };

  it('names every export nobody outside the room takes, whatever its kind', () => {
    const root = fixture({ ...room, 'src-main/engine/beta/wiring.ts': "export { used } from '../alpha';" });
    expect(unusedFaceNames(root)).toEqual({
      alpha: ['MoreKind', 'MoreThing', 'OwnInterface', 'Shape', 'alsoUsed', 'ownConstant', 'ownFunction'],
    });
  });

  it('counts named, aliased, type-only and namespace imports, re-exports and import types as uses', () => {
    const root = fixture({
      ...room,
      'src-main/engine/beta/wiring.ts': "export { used } from '../alpha';",
      'src-main/engine/beta/uses.ts': [
        "import { alsoUsed as other, type Shape } from '../alpha/index';",
        "import * as alpha from '../alpha';",
        'const x: alpha.MoreKind = String(other);',
        'new alpha.MoreThing();',
        "type T = import('../alpha').OwnInterface;",
      ].join('\n'),
      'src-main/app/uses.ts': "import { ownConstant, ownFunction } from '@engine/alpha';",
    });
    expect(unusedFaceNames(root)).toEqual({});
  });

  it('fails on a face with one export too many', () => {
    const root = fixture({
      ...room,
      'src-main/engine/alpha/index.ts': `${room['src-main/engine/alpha/index.ts']}\nexport const nobodyUsesMe = 3;`,
      'src-main/app/uses.ts': [
        "import { used, alsoUsed, type Shape, ownConstant, ownFunction, type OwnInterface } from '@engine/alpha';",
        "import { MoreThing, type MoreKind } from '@engine/alpha';",
      ].join('\n'),
    });
    expect(unusedFaceNames(root)).toEqual({ alpha: ['nobodyUsesMe'] });
  });
});

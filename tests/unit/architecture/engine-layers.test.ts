/**
 * The engine's layers are written down three times: `ENGINE_LAYERS` in .dependency-cruiser.cjs, which the lint
 * enforces, the layer line of ARCHITECTURE.md's "Layers and import rules", and its table of rooms. A reader trusts
 * the page, so the page must say what the lint does: the same layers, the same rooms, in the same order.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
type Layers = [layer: string, rooms: string[]][];

/**
 * ENGINE_LAYERS as the lint config writes it: `['layer', ['room', …]],` lines between `const ENGINE_LAYERS = [` and
 * `];`.
 */
function lintLayers(config: string): Layers {
  const block = /const ENGINE_LAYERS = \[\n([\s\S]*?)\n\];/.exec(config);
  if (!block) throw new Error('ENGINE_LAYERS not found in .dependency-cruiser.cjs');
  const layers: Layers = [];
  for (const m of block[1]!.matchAll(/^\s*\['([a-z-]+)',\s*\[([^\]]*)\]\],?\s*$/gm)) {
    layers.push([m[1]!, [...m[2]!.matchAll(/'([a-z-]+)'/g)].map((r) => r[1]!)]);
  }
  return layers;
}

/** The table of "The rooms of the engine": a row with a layer cell starts a layer, an empty one adds a room to it. */
function tableLayers(page: string): Layers {
  const section = page.split('## The rooms of the engine')[1]?.split('\n## ')[0] ?? '';
  const layers: Layers = [];
  for (const m of section.matchAll(/^\|\s*([a-z-]*)\s*\| `([a-z-]+)\/` \|/gm)) {
    if (m[1]) layers.push([m[1], []]);
    layers.at(-1)?.[1].push(m[2]!);
  }
  return layers;
}

/** The names of the line "The engine's rooms sit in layers, lowest first: `a`, `b`, …" of "Layers and import rules". */
function lineLayers(page: string): string[] {
  const section = page.split('## Layers and import rules')[1]?.split('\n## ')[0] ?? '';
  const line = /The engine's rooms sit in layers, lowest first: ([^(]*)\(/.exec(section);
  return line ? [...line[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!) : [];
}

/** What differs between the lint's order and the page's, in words; empty when they agree. */
function differences(config: string, page: string): string[] {
  const lint = lintLayers(config);
  const out: string[] = [];
  const table = tableLayers(page);
  if (JSON.stringify(table) !== JSON.stringify(lint))
    out.push(`the table of rooms says ${JSON.stringify(table)}, the lint ${JSON.stringify(lint)}`);
  const line = lineLayers(page);
  const names = lint.map(([layer]) => layer);
  if (JSON.stringify(line) !== JSON.stringify(names))
    out.push(`the layer line says ${line.join(', ')}, the lint ${names.join(', ')}`);
  return out;
}

const config = readFileSync(join(ROOT, '.dependency-cruiser.cjs'), 'utf8');
const page = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

describe("the engine's layers", () => {
  it('are read from the lint config, every engine room in one of them', () => {
    const lint = lintLayers(config);
    expect(lint.length).toBeGreaterThan(4);
    expect(lint.at(-1)).toEqual(['centre', ['node']]);
    const rooms = lint.flatMap(([, r]) => r);
    expect(new Set(rooms).size).toBe(rooms.length);
  });

  it('are the same in ARCHITECTURE.md as in the lint order', () => {
    expect(differences(config, page)).toEqual([]);
  });

  it('differ when the page moves a room to another layer, swaps two rooms, or leaves out a layer', () => {
    const moved = page.replace(/^\| port \| `server\/` \|/m, '| | `server/` |');
    expect(moved).not.toBe(page);
    expect(differences(config, moved)).toHaveLength(1);
    const swapped = page.replace('| | `availability/` |', '| | `availability-x/` |');
    expect(differences(config, swapped)).toHaveLength(1);
    const shortLine = page.replace('`serving`, `using`,', '`serving`,');
    expect(differences(config, shortLine)).toEqual([expect.stringMatching(/^the layer line says/)]);
  });

  it('differ when the lint order changes and the page does not', () => {
    const reordered = config
      .replace("['port', ['server']],", "['port', ['server', 'relay']],")
      .replace("['serving', ['relay', ", "['serving', [");
    expect(reordered).not.toBe(config);
    expect(differences(reordered, page)).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { isPathLike } from '@engine/backends';
import { baseModelName, publicNames } from '@engine/backends/model-names';

/** The public name `publicNames` gives `id` among `ids`. */
function nameAmong(ids: string[], id: string): string {
  const name = publicNames(ids).get(id);
  if (name === undefined) throw new Error(`no name for ${id}`);
  return name;
}

describe('model ids that are paths', () => {
  it.each([
    ['/home/alice/models/x.gguf', 'x'],
    ['/home/alice/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf', 'Qwen2.5-7B-Instruct-Q4_K_M'],
    [
      '/Users/alice/Library/Caches/llama.cpp/bartowski_Llama-3.2-3B-Instruct-GGUF_Llama-3.2-3B-Instruct-Q4_K_M.gguf',
      'bartowski_Llama-3.2-3B-Instruct-GGUF_Llama-3.2-3B-Instruct-Q4_K_M',
    ],
    ['~/models/phi-3-mini.gguf', 'phi-3-mini'],
    ['~alice/models/phi-3-mini.gguf', 'phi-3-mini'],
    ['./models/tiny.gguf', 'tiny'],
    ['../models/tiny.gguf', 'tiny'],
    ['models/tiny.gguf', 'tiny'],
    ['C:\\Users\\alice\\models\\mistral-7b.Q4_K_M.gguf', 'mistral-7b.Q4_K_M'],
    ['C:/Users/alice/models/mistral-7b.gguf', 'mistral-7b'],
    ['d:\\llm\\gemma-2-2b-it.GGUF', 'gemma-2-2b-it'],
    ['\\\\nas\\share\\models\\llama.gguf', 'llama'],
    // vLLM started on a local directory reports the directory.
    ['/srv/models/Qwen2.5-7B-Instruct', 'Qwen2.5-7B-Instruct'],
    ['/srv/models/Qwen2.5-7B-Instruct/', 'Qwen2.5-7B-Instruct'],
    ['/data/ckpt/model.safetensors', 'model'],
    ['/data/ckpt/pytorch_model.bin', 'pytorch_model'],
    ['/opt/llamafile/mistral.llamafile', 'mistral'],
    ['/opt/onnx/phi.onnx', 'phi'],
    ['/old/ggml-model-q4_0.ggml', 'ggml-model-q4_0'],
  ])('%s is published as %s', (id, name) => {
    expect(isPathLike(id)).toBe(true);
    expect(baseModelName(id)).toBe(name);
    expect(nameAmong([id], id)).toBe(name);
  });

  it('never publishes anything of the folder, the account name above all', () => {
    const ids = [
      '/home/alice/models/x.gguf',
      '/home/alice/other/x.gguf',
      'C:\\Users\\alice\\x.gguf',
      '~/alice-secret/y.gguf',
      '/srv/alice/models/Qwen2.5-7B-Instruct',
    ];
    for (const name of publicNames(ids).values()) {
      expect(name).not.toMatch(/alice|home|Users|srv|models|secret|[\\/~:]/);
    }
  });

  it('a path that names nothing gets a neutral name, never the path', () => {
    expect(baseModelName('~')).toBe('model');
    expect(baseModelName('~/')).toBe('model');
    expect(baseModelName('./.gguf')).toBe('model');
    expect(baseModelName('/models/..')).toBe('model');
    expect(nameAmong(['~'], '~')).toBe('model');
  });
});

describe('model ids that are names', () => {
  it.each([
    'Qwen/Qwen2.5-7B-Instruct',
    'meta-llama/Llama-3.1-8B-Instruct',
    'qwen3:8b',
    'nomic-embed-text:latest',
    'hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M',
    'qwen2.5-7b-instruct',
    'text-embedding-nomic-embed-text-v1.5',
    // A bare file name carries no folder: published as the server reports it.
    'Qwen2.5-7B-Instruct-Q4_K_M.gguf',
    'mistral-7b-instruct-v0.2',
  ])('%s is published untouched', (id) => {
    expect(isPathLike(id)).toBe(false);
    expect(nameAmong([id], id)).toBe(id);
  });

  it('names keep the order and the ids of the list', () => {
    const ids = ['qwen3:8b', '/m/a.gguf', 'Qwen/Qwen2.5-7B-Instruct'];
    expect([...publicNames(ids).entries()]).toEqual([
      ['qwen3:8b', 'qwen3:8b'],
      ['/m/a.gguf', 'a'],
      ['Qwen/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-7B-Instruct'],
    ]);
    expect(publicNames([]).size).toBe(0);
  });

  it('a duplicated id gets one name', () => {
    const names = publicNames(['/m/a.gguf', '/m/a.gguf', 'b', 'b']);
    expect([...names.entries()]).toEqual([
      ['/m/a.gguf', 'a'],
      ['b', 'b'],
    ]);
  });
});

describe('collisions', () => {
  const a = '/home/alice/models/qwen.gguf';
  const b = '/home/alice/backup/qwen.gguf';

  it('two paths with the same base name get different names made of the base name and a short hash', () => {
    const names = publicNames([a, b]);
    const na = names.get(a)!;
    const nb = names.get(b)!;
    expect(na).toMatch(/^qwen-[0-9a-f]{6}$/);
    expect(nb).toMatch(/^qwen-[0-9a-f]{6}$/);
    expect(na).not.toBe(nb);
  });

  it('are resolved the same way whatever the order of the list', () => {
    const forward = publicNames([a, b, 'llama3:8b']);
    const backward = publicNames(['llama3:8b', b, a]);
    expect(backward.get(a)).toBe(forward.get(a));
    expect(backward.get(b)).toBe(forward.get(b));
  });

  it('are deterministic across calls (the same id gets the same suffix every time)', () => {
    expect(publicNames([a, b]).get(a)).toBe(publicNames([b, a]).get(a));
    expect(publicNames([a, b, '/x/qwen.gguf']).get(a)).toBe(publicNames([a, b]).get(a));
  });

  it('a path whose base name is another model’s id yields to it', () => {
    const names = publicNames(['/models/qwen3', 'qwen3']);
    expect(names.get('qwen3')).toBe('qwen3');
    expect(names.get('/models/qwen3')).toMatch(/^qwen3-[0-9a-f]{6}$/);
    expect(publicNames(['qwen3', '/models/qwen3']).get('/models/qwen3')).toBe(names.get('/models/qwen3'));
  });

  it('a path alone keeps its plain base name', () => {
    expect(publicNames([a, 'llama3:8b']).get(a)).toBe('qwen');
  });

  it('all names of a list are distinct', () => {
    const ids = ['/a/m.gguf', '/b/m.gguf', '/c/m.gguf', 'C:\\d\\m.gguf', 'm', '/e/n.gguf'];
    const names = [...publicNames(ids).values()];
    expect(new Set(names).size).toBe(ids.length);
  });
});

describe('names the production directory cannot take (health_models items ≤ 128 characters)', () => {
  const long = `org/${'very-long-model-name-'.repeat(6)}q4_K_M`; // 136 characters

  it('a name over 128 characters is published as its start and a hash of the full id, 128 characters in all', () => {
    const name = publicNames([long]).get(long)!;
    expect(long.length).toBeGreaterThan(128);
    expect(name).toHaveLength(128);
    expect(name.startsWith(long.slice(0, 121))).toBe(true);
    expect(name).toMatch(/-[0-9a-f]{6}$/);
  });

  it('two long ids with the same start get different names', () => {
    const a = `${long}-a`;
    const b = `${long}-b`;
    const names = publicNames([a, b]);
    expect(names.get(a)).not.toBe(names.get(b));
    expect([...names.values()].every((n) => n.length <= 128)).toBe(true);
  });

  it('a long path gets a short name too, and names of 128 characters or fewer are kept as they are', () => {
    const path = `/home/alice/models/${'x'.repeat(140)}.gguf`;
    const exact = 'm'.repeat(128);
    const names = publicNames([path, exact]);
    expect(names.get(path)!.length).toBeLessThanOrEqual(128);
    expect(names.get(path)).not.toContain('alice');
    expect(names.get(exact)).toBe(exact);
  });

  it('counts characters as the directory does, and cuts between them, never inside a surrogate pair', () => {
    const fits = '😀'.repeat(70); // 70 characters, 140 UTF-16 units
    const over = '😀'.repeat(140);
    const names = publicNames([fits, over]);
    expect(names.get(fits)).toBe(fits);
    expect(Array.from(names.get(over)!)).toHaveLength(128);
    expect(() => encodeURIComponent(names.get(over)!)).not.toThrow();
  });
});

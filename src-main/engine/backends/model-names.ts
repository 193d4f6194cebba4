import { createHash } from 'node:crypto';

/**
 * Public model names. Some servers name a model by the file it was loaded from (llama-server without `--alias`
 * reports its `-m` path, vLLM a local directory it was started on): `/home/alice/models/x.gguf` would put the
 * person's account name in the directory's registry, on `/iicp/health` and in every answer. Such ids are published
 * as the file's base name without a model-file extension; the backend's own id is used only on the way to it.
 */

const MODEL_FILE_EXTENSIONS = /\.(gguf|ggml|bin|safetensors|pt|pth|onnx|llamafile)$/i;

/** An absolute or home-relative path on any OS, a `./` path, or a file name with a model-file extension. */
export function isPathLike(id: string): boolean {
  return (
    id.startsWith('/') ||
    id.startsWith('~') ||
    id.startsWith('./') ||
    id.startsWith('../') ||
    id.startsWith('\\') ||
    /^[A-Za-z]:[\\/]/.test(id) ||
    (MODEL_FILE_EXTENSIONS.test(id) && /[\\/]/.test(id))
  );
}

/** The name a path-like id is published under: its base name without a model-file extension. */
export function baseModelName(id: string): string {
  const parts = id.split(/[\\/]+/).filter((p) => p !== '');
  const file = parts[parts.length - 1] ?? id;
  const base = file.replace(MODEL_FILE_EXTENSIONS, '');
  return base === '' || base === '~' || base === '.' || base === '..' ? 'model' : base;
}

/**
 * Public names for a backend's model ids, in the ids' order. Two paths with the same base name (or a path whose
 * base name is another model's id) get a suffix made from a hash of the full id: the names do not depend on the
 * order the server lists its models in, and the hash says nothing about the folder.
 */
export function publicNames(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const plain = new Set(ids.filter((id) => !isPathLike(id)));
  const byBase = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    if (!isPathLike(id)) continue;
    const base = baseModelName(id);
    const list = byBase.get(base);
    if (list) list.push(id);
    else byBase.set(base, [id]);
  }
  for (const id of ids) {
    if (out.has(id)) continue;
    if (!isPathLike(id)) {
      out.set(id, fitted(id, id));
      continue;
    }
    const base = baseModelName(id);
    const clash = (byBase.get(base)?.length ?? 0) > 1 || plain.has(base);
    out.set(id, fitted(clash ? `${base}-${idHash(id)}` : base, id));
  }
  return out;
}

/**
 * The production directory refuses a whole heartbeat for one `health_models` name over 128 characters (it counts
 * characters, not UTF-16 units), and the node would drop out of discovery: a longer name is published as its first
 * characters and a hash of the full id, which keeps it unique and stable.
 */
export const MAX_PUBLIC_NAME = 128;

function fitted(name: string, id: string): string {
  // Cut by code points (what PHP's `max:` counts), never inside a surrogate pair.
  const chars = Array.from(name);
  return chars.length <= MAX_PUBLIC_NAME ? name : `${chars.slice(0, MAX_PUBLIC_NAME - 7).join('')}-${idHash(id)}`;
}

const idHash = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 6);

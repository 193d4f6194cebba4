import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '@engine/store';

/** A fresh directory under the system temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'iicp-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh Store in a temp folder of its own; `cleanup` closes it and removes the folder. */
export function tempStore(): { store: Store; path: string; cleanup: () => void } {
  const t = tempDir();
  const path = `${t.dir}/provider.db`;
  const store = Store.open(path);
  return {
    store,
    path,
    cleanup: () => {
      store.close();
      t.cleanup();
    },
  };
}

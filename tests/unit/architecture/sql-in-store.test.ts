/**
 * SQL only in the store (eslint.config.js): outside src-main/engine/store/ a `prepare(...)` call, or a database
 * handle's `exec(...)`, fails `npm run lint`; the same text inside the store passes, and a regular expression's
 * `exec` passes anywhere. Run through the project's own ESLint configuration (the lint script checks the real tree).
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });
const MESSAGE = 'SQL lives in src-main/engine/store/: add a repository function there.';

const HEAD = 'export declare const db: { prepare(sql: string): unknown; exec(sql: string): unknown };\n';

async function findings(text: string, file: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(`${HEAD}${text}\n`, { filePath: resolve(ROOT, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe('SQL only in src-main/engine/store/ (npm run lint)', () => {
  it('a prepare call in a room fails', async () => {
    expect(await findings("db.prepare('SELECT 1');", 'src-main/engine/requests/reads-rows.ts')).toEqual([
      { rule: 'no-restricted-syntax', message: MESSAGE },
    ]);
  });

  it('the same call in the store passes', async () => {
    expect(await findings("db.prepare('SELECT 1');", 'src-main/engine/store/rows-repo.ts')).toEqual([]);
  });

  it("a database's exec in a room fails, in the store it passes", async () => {
    const text = "db.exec('DELETE FROM requests');\nconst store = { db };\nstore.db.exec('VACUUM');";
    expect(await findings(text, 'src-main/engine/earnings/cleans-up.ts')).toEqual([
      { rule: 'no-restricted-syntax', message: MESSAGE },
      { rule: 'no-restricted-syntax', message: MESSAGE },
    ]);
    expect(await findings(text, 'src-main/engine/store/cleans-up.ts')).toEqual([]);
  });

  it("a regular expression's exec passes anywhere", async () => {
    expect(
      await findings(
        "const line = /^a(b)$/;\nline.exec('ab');\n/x/.exec('x');",
        'src-main/engine/owner/parses-lines.ts',
      ),
    ).toEqual([]);
  });
});

/**
 * A check that could not finish says which kind of failure it was, for the pages to say in their own language, and
 * keeps the English detail for the log: a directory that publishes no key, and one whose key document is not a JSON
 * object. Against the test directory and the verifier's thread.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateGenesisKey, startTestDirectory, type TestDirectory } from '../../support/directory';
import { tempDir } from '../../support/tmp';
import { openVerifyHarness } from '../../support/verify-harness';

let directory: TestDirectory | undefined;
const data = tempDir('iicp-failure-kinds-');

afterEach(async () => {
  await directory?.close();
  directory = undefined;
});

/** One pass of a fresh verifier against `directory`; its outcome. */
async function onePass(dir: TestDirectory, name: string) {
  const h = openVerifyHarness(join(data.dir, `${name}.db`), randomUUID(), dir.url);
  try {
    return await h.pass();
  } finally {
    h.close();
  }
}

describe('a check that could not finish', () => {
  it('says the directory’s key could not be read when it publishes none, with the HTTP status in the detail', async () => {
    directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
    const v = await onePass(directory, 'no-key');
    expect(v.state).toBe('failed');
    expect(v.failure).toBe('key_unreadable');
    expect(v.error).toBe('the directory’s key could not be read (HTTP 404)');
  });

  it('says the directory’s key is not one the node can use when its DID document is not a JSON object', async () => {
    directory = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
    });
    directory.fail({ status: 200, body: 'not json at all', routes: ['public'] });
    const v = await onePass(directory, 'bad-key');
    expect(v.state).toBe('failed');
    expect(v.failure).toBe('key_invalid');
    expect(v.error).toMatch(/DID document is not a JSON object/);
  });
});

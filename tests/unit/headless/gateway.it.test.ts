/** `--gateway` on a real node in this process: the address printed once, and a key file whose key the gateway takes. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS } from '@shared/contract';
import { parseHeadlessConfig } from '@main/headless/config';
import { GATEWAY_KEY_FILE_NAME } from '@main/headless/gateway-key-file';
import { reportGateway } from '@main/headless/gateway-report';
import { startHeadless } from '@main/headless/in-process-host';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startGatewayHost(dataDir: string, rendererDir: string) {
  const config = parseHeadlessConfig(
    [
      '--data-dir',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--port-mapping',
      'off',
      '--directory-url',
      'http://127.0.0.1:9',
      '--gateway',
      '--gateway-port',
      '0',
    ],
    {
      IICP_UI_TOKEN: 'ab'.repeat(24),
    },
  );
  if (config === 'help') throw new Error('unexpected');
  const host = await startHeadless(config, { appVersion: 'test', rendererDir });
  cleanups.push(() => host.stop());
  const printed: string[] = [];
  const warned: string[] = [];
  const report = reportGateway(host.node, host.dispatch, dataDir, {
    print: (l) => printed.push(l),
    warn: (l) => warned.push(l),
  });
  cleanups.push(() => report.stop());
  await report.keyFile;
  return { host, printed, warned };
}

describe('a headless host with --gateway', () => {
  it('prints where the gateway listens and writes a key it accepts; a second run keeps the file', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const rendererDir = join(t.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>IICP Provider</title>');
    const dataDir = join(t.dir, 'data');

    const { host, printed, warned } = await startGatewayHost(dataDir, rendererDir);
    const keyPath = join(dataDir, GATEWAY_KEY_FILE_NAME);
    await eventually(() => expect(printed.filter((l) => l.startsWith('Gateway: '))).toHaveLength(1));
    const line = printed.find((l) => l.startsWith('Gateway: '))!;
    expect(line).toMatch(/^Gateway: http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(printed).toContain(`Gateway key: ${keyPath}`);
    expect(warned).toEqual([]);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath, 'utf8');
    expect(key).toMatch(/^\S+\n$/);
    expect(printed.join('\n')).not.toContain(key.trim());
    // On for this run, with the stored limits (settings-holder.test.ts: the stored switch stays the person's).
    expect(host.node.getSettings().gateway).toMatchObject({
      enabled: true,
      dailyCap: DEFAULT_GATEWAY_SETTINGS.dailyCap,
    });
    expect(host.node.getSnapshot().gateway).toMatchObject({
      enabled: true,
      baseUrl: line.slice('Gateway: '.length),
      problem: null,
    });

    const baseUrl = line.slice('Gateway: '.length);
    const wrong = await fetch(`${baseUrl}/models`, { headers: { authorization: 'Bearer iicp-not-a-key' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${baseUrl}/models`, { headers: { authorization: `Bearer ${key.trim()}` } });
    expect(right.status).not.toBe(401);

    await host.stop();
    const again = await startGatewayHost(dataDir, rendererDir);
    await eventually(() => expect(again.printed.filter((l) => l.startsWith('Gateway: '))).toHaveLength(1));
    expect(again.printed.some((l) => l.startsWith('Gateway key:'))).toBe(false);
    expect(readFileSync(keyPath, 'utf8')).toBe(key);
  });
});

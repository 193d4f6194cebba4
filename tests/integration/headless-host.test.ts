import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL } from '@shared/contract';
import { parseHeadlessConfig } from '@main/headless/config';
import { startHeadless, type HeadlessHost } from '@main/headless/in-process-host';
import { TestBridgeClient } from '../support/bridge-client';
import type { NodeSnapshot } from '@shared/contract';
import { HEADLESS_UPDATES } from '@shared/contract/updates';
import { english } from '@shared/i18n/say';
import { tempDir } from '../support/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TOKEN = 'ab'.repeat(24);

async function startHost(flags: string[] = []): Promise<HeadlessHost> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const rendererDir = `${t.dir}/renderer`;
  mkdirSync(`${rendererDir}/assets`, { recursive: true });
  writeFileSync(`${rendererDir}/index.html`, '<!doctype html><title>IICP Provider</title>');
  writeFileSync(`${rendererDir}/assets/app-1234.js`, 'console.log(1)');
  const config = parseHeadlessConfig(
    ['--data-dir', `${t.dir}/data`, '--host', '127.0.0.1', '--port', '0', '--port-mapping', 'off', ...flags],
    { IICP_UI_TOKEN: TOKEN },
  );
  if (config === 'help') throw new Error('unexpected');
  const host = await startHeadless(config, { appVersion: 'test', rendererDir });
  cleanups.push(() => host.stop());
  return host;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('headless host', () => {
  it('prints a loopback URL carrying the token in its fragment', async () => {
    const host = await startHost();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the dashboard shell with a strict CSP, and no data without the token', async () => {
    const { port } = await startHost();
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const session = await get(port, '/api/v1/session');
    expect(session.status).toBe(401);
    expect(JSON.parse(session.body)).toEqual({
      error: { code: 'unauthorized', message: 'Access token missing or wrong.' },
    });
    const wrong = await get(port, '/api/v1/session', { authorization: `Bearer ${'cd'.repeat(24)}` });
    expect(wrong.status).toBe(401);
    const ok = await get(port, '/api/v1/session', { authorization: `Bearer ${TOKEN}` });
    expect([ok.status, JSON.parse(ok.body)]).toEqual([200, { apiVersion: 1 }]);
  });

  it('refuses the bridge without the right token (401) or from a foreign origin (403)', async () => {
    const { port } = await startHost();
    await expect(TestBridgeClient.connect(port, 'ef'.repeat(24))).rejects.toMatchObject({ status: 401 });
    const noToken = new WebSocket(`ws://127.0.0.1:${port}/bridge`, [BRIDGE_PROTOCOL]);
    const status = await new Promise((resolve) =>
      noToken.once('unexpected-response', (_q, r) => resolve(r.statusCode)),
    );
    expect(status).toBe(401);
    await expect(TestBridgeClient.connect(port, TOKEN, { Origin: 'https://evil.example' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses requests that name another host (DNS rebinding) and paths outside the bundle', async () => {
    const { port } = await startHost();
    expect((await get(port, '/', { host: `evil.example:${port}` })).status).toBe(403);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../x', '/nope']) {
      const r = await get(port, path);
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body).error.code).toBe('not_found');
    }
    expect((await get(port, '/', {}, 'POST')).status).toBe(405);
  });

  it('carries commands and snapshots to every client: a switch flipped by one is seen by the other', async () => {
    const { port, node } = await startHost();
    const a = await TestBridgeClient.connect(port, TOKEN);
    const b = await TestBridgeClient.connect(port, TOKEN);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const r = await a.call('pause', {});
    expect(r).toMatchObject({ ok: true, value: { state: 'paused', available: false } });
    expect(node.state).toBe('paused');
    await b.waitForSnapshot((s) => s.state === 'paused' && !s.available);
    await a.call('resume');
    await b.waitForSnapshot((s) => s.state === 'online' && s.available);
  });

  it('answers malformed frames with a typed error and keeps the connection and engine intact', async () => {
    const { port, node } = await startHost();
    const c = await TestBridgeClient.connect(port, TOKEN);
    cleanups.push(() => c.close());
    const replies: unknown[] = [];
    c.ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'result') replies.push(m);
    });
    for (const frame of [
      'not json',
      '{"id":1}',
      '{"id":-1,"command":"pause","request":{}}',
      '[]',
      '{"id":1,"command":"pause","request":{},"x":1}',
    ]) {
      c.ws.send(frame);
    }
    expect(await c.call('pause', { untilMs: 'soon' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await c.call('rm -rf', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(replies.filter((m) => (m as { id: number }).id === -1)).toHaveLength(5);
    expect(node.state).toBe('online');
    expect(await c.call('getSnapshot')).toMatchObject({ ok: true });
  });

  it('says the same of updates in its snapshots and when asked: a headless node is updated the way it was installed', async () => {
    const { port } = await startHost();
    const c = await TestBridgeClient.connect(port, TOKEN);
    cleanups.push(() => c.close());
    const snap = await c.call('getSnapshot');
    const asked = await c.call('getUpdateStatus');
    expect(snap).toMatchObject({ ok: true, value: { update: { supported: false, reason: HEADLESS_UPDATES } } });
    expect(asked).toEqual({ ok: true, value: (snap as { value: NodeSnapshot }).value.update });
    expect(await c.call('checkForUpdates')).toEqual({
      ok: false,
      error: { code: 'invalid_state', message: english.said(HEADLESS_UPDATES), said: HEADLESS_UPDATES },
    });
  });

  it('counts a node whose flags name its LLM server as set up, so the dashboard opens on the node, not the wizard', async () => {
    // Nothing needs to answer there: what the flags say is enough to serve without the wizard.
    const byFlags = await startHost(['--backend-url', 'http://127.0.0.1:9']);
    expect(byFlags.node.getSnapshot().setup.completed).toBe(true);
    const c = await TestBridgeClient.connect(byFlags.port, TOKEN);
    cleanups.push(() => c.close());
    expect(await c.call('getSnapshot')).toMatchObject({ ok: true, value: { setup: { completed: true } } });
    const plain = await startHost();
    expect(plain.node.getSnapshot().setup.completed).toBe(false);
  });
});

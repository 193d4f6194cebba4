import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { findExistingTunnel } from '@engine/nat/tunnels/existing-tunnel';
import { createTunnelRung } from '@engine/nat/tunnel-rung';
import { ReachProof } from '@engine/net';
import type { Said } from '@shared/i18n/said';
import { createSay, english } from '@shared/i18n/say';
import { cleanupAfterEach } from '../../../support/cleanup';
import { freePort } from '../../../support/free-port';
import { startNgrokAgent, type NgrokAgentStandIn, type NgrokTunnelSpec } from '../../../support/tunnels/ngrok-agent';
import { installStandIns, type StandIns } from '../../../support/tunnels/standins';
import {
  foregroundFunnel,
  serveConfig,
  tailscaleStatus,
  TAILNET_SUFFIX,
} from '../../../support/tunnels/tailscale-fixtures';

const PORT = 7443;
const HOST = `desk.${TAILNET_SUFFIX}`;
const cleanup = cleanupAfterEach();

let s: StandIns;
/** An ngrok API address where nothing listens, so ngrok counts as not running. */
let noNgrok: string;

beforeEach(async () => {
  s = installStandIns();
  cleanup.defer(() => s.cleanup());
  noNgrok = `http://127.0.0.1:${await freePort()}`;
});

/** What was found and said, in English words as the log reads them. */
async function inEnglish(search: ReturnType<typeof findExistingTunnel>) {
  const r = await search;
  return {
    found: r.found && { ...r.found, detail: english.said(r.found.detail) },
    steps: r.steps.map((x) => english.said(x)),
  };
}

function find(extra: { env?: NodeJS.ProcessEnv; ngrokApiUrl?: string; timeoutMs?: number } = {}) {
  return inEnglish(
    findExistingTunnel({
      port: PORT,
      env: { ...s.env, ...extra.env },
      ngrokApiUrl: extra.ngrokApiUrl ?? noNgrok,
      timeoutMs: extra.timeoutMs,
    }),
  );
}

async function ngrok(tunnels: NgrokTunnelSpec[]): Promise<NgrokAgentStandIn> {
  return cleanup.close(await startNgrokAgent(tunnels));
}

describe('a tunnel URL in the environment', () => {
  it('is used as it is when it is https, and nothing else is asked', async () => {
    const agent = await ngrok([
      { publicUrl: 'https://1a2b-203-0-113-7.ngrok-free.app', addr: `http://localhost:${PORT}` },
    ]);
    const r = await find({ env: { IICP_TUNNEL_URL: 'https://node.example.net/' }, ngrokApiUrl: agent.apiUrl });
    expect(r.found).toEqual({
      url: 'https://node.example.net',
      source: 'env',
      detail: 'from IICP_TUNNEL_URL',
      matchesPort: null,
    });
    expect(r.steps).toEqual(['IICP_TUNNEL_URL names the tunnel address https://node.example.net.']);
    expect(agent.requests).toEqual([]);
    expect(s.tailscaleInvocations()).toEqual([]);
  });

  it("is said in German on a German page: the step and the tunnel row's state", async () => {
    const german = createSay('de', 'de-DE');
    const rung = createTunnelRung({
      stateDir: s.env.HOME ?? tmpdir(),
      env: { ...s.env, IICP_TUNNEL_URL: 'https://node.example.net' },
      ngrokApiUrl: noNgrok,
      reachProof: new ReachProof(),
      log: () => undefined,
      onChange: () => undefined,
    });
    const steps: Said[] = [];
    expect(await rung.findExisting(PORT, (w) => steps.push(w))).toBe('https://node.example.net');
    expect(steps.map((w) => german.said(w))).toEqual([
      'IICP_TUNNEL_URL nennt die Tunneladresse https://node.example.net.',
    ]);
    expect(german.said(rung.view()!.state)).toBe('In Gebrauch (aus IICP_TUNNEL_URL)');
    expect(english.said(rung.view()!.state)).toBe('In use (from IICP_TUNNEL_URL)');
  });

  it('is read from IICP_TUNNEL_URL, then TUNNEL_URL, then CLOUDFLARE_TUNNEL_URL', async () => {
    const both = await find({
      env: { TUNNEL_URL: 'https://second.example.net', CLOUDFLARE_TUNNEL_URL: 'https://third.example.net' },
    });
    expect(both.found?.url).toBe('https://second.example.net');
    const last = await find({ env: { CLOUDFLARE_TUNNEL_URL: 'https://third.example.net' } });
    expect(last.found).toMatchObject({ url: 'https://third.example.net', detail: 'from CLOUDFLARE_TUNNEL_URL' });
  });

  it('is refused when it is plain http, with a step saying why, and the next variable is used', async () => {
    const r = await find({
      env: { IICP_TUNNEL_URL: 'http://node.example.net', TUNNEL_URL: 'https://second.example.net' },
    });
    expect(r.found?.url).toBe('https://second.example.net');
    expect(r.steps[0]).toBe(
      'IICP_TUNNEL_URL is set but is not an https:// address, so it is ignored (browsers and the network need https).',
    );
  });

  it('that is only http leaves the search to ngrok and Tailscale', async () => {
    const r = await find({ env: { IICP_TUNNEL_URL: 'http://node.example.net:8080' } });
    expect(r.found).toBeNull();
    expect(r.steps).toHaveLength(3);
  });
});

describe('an ngrok agent', () => {
  it('gives the https tunnel that forwards to the task port, preferring it over the others', async () => {
    const agent = await ngrok([
      { publicUrl: 'https://aaaa-198-51-100-1.ngrok-free.app', addr: 'http://localhost:3000' },
      { publicUrl: 'https://bbbb-198-51-100-1.ngrok-free.app', addr: `http://localhost:${PORT}`, name: 'iicp' },
    ]);
    const r = await find({ ngrokApiUrl: agent.apiUrl });
    expect(r.found).toEqual({
      url: 'https://bbbb-198-51-100-1.ngrok-free.app',
      source: 'ngrok',
      detail: `ngrok tunnel “iicp” to port ${PORT}`,
      matchesPort: true,
    });
    expect(r.steps).toEqual([
      `An ngrok tunnel forwards https://bbbb-198-51-100-1.ngrok-free.app to this computer's task port ${PORT}.`,
    ]);
    expect(agent.requests).toEqual(['GET /api/tunnels']);
  });

  it('recognises the older address forms ("localhost:7443", "7443", "127.0.0.1:7443")', async () => {
    for (const addr of [`localhost:${PORT}`, String(PORT), `127.0.0.1:${PORT}`, `https://localhost:${PORT}`]) {
      const agent = await ngrok([
        { publicUrl: 'https://other.ngrok.app', addr: 'localhost:80' },
        { publicUrl: 'https://ours.ngrok.app', addr },
      ]);
      const r = await find({ ngrokApiUrl: agent.apiUrl });
      expect(r.found?.url, addr).toBe('https://ours.ngrok.app');
    }
  });

  it('falls back to the first https tunnel when none forwards to the task port, and says so', async () => {
    const agent = await ngrok([
      { publicUrl: 'http://plain.ngrok.app', addr: `http://localhost:${PORT}` },
      { publicUrl: 'https://proxy.ngrok.app', addr: 'http://localhost:8080' },
    ]);
    const r = await find({ ngrokApiUrl: agent.apiUrl });
    expect(r.found).toMatchObject({ url: 'https://proxy.ngrok.app', source: 'ngrok', matchesPort: false });
    expect(r.steps[0]).toContain(`forwards to localhost:8080, not to this computer's task port ${PORT}`);
  });

  it('with only plain-http tunnels gives nothing (http is refused)', async () => {
    const agent = await ngrok([{ publicUrl: 'http://plain.ngrok.app', addr: `http://localhost:${PORT}` }]);
    const r = await find({ ngrokApiUrl: agent.apiUrl });
    expect(r.found).toBeNull();
    expect(r.steps[0]).toBe(
      'An ngrok agent is running but none of its tunnels is an https:// address, which browsers and the network need.',
    );
  });

  it('that is not running is a plain step, not an error', async () => {
    const r = await find();
    expect(r.found).toBeNull();
    expect(r.steps[0]).toBe(
      `No ngrok agent is running on this computer (nothing listens at ${noNgrok.slice('http://'.length)}).`,
    );
  });

  it('that does not answer in time is given up on after the timeout', async () => {
    const agent = await ngrok([]);
    agent.setBehaviour('hang');
    // The agent never answers: only the timeout can end the look.
    const r = await find({ ngrokApiUrl: agent.apiUrl, timeoutMs: 300 });
    expect(r.steps[0]).toMatch(/^Nothing answered at 127\.0\.0\.1:\d+ within 0\.3 s, so no ngrok agent is assumed\.$/);
  });

  it('that answers with something unreadable or an error status is reported as such', async () => {
    const agent = await ngrok([]);
    agent.setBehaviour('garbage');
    expect((await find({ ngrokApiUrl: agent.apiUrl })).steps[0]).toMatch(/sent an answer that could not be read\.$/);
    agent.setBehaviour('server-error');
    expect((await find({ ngrokApiUrl: agent.apiUrl })).steps[0]).toMatch(/but not like an ngrok agent \(HTTP 502\)\.$/);
    agent.setBehaviour('normal');
    expect((await find({ ngrokApiUrl: agent.apiUrl })).steps[0]).toBe(
      'An ngrok agent is running but has no tunnel open.',
    );
  });
});

describe('Tailscale Funnel', () => {
  it('gives https://<machine name> when Funnel publishes port 443 to the task port', async () => {
    s.tailscaleFiles({
      status: tailscaleStatus(),
      serve: serveConfig({ target: `http://127.0.0.1:${PORT}`, funnel: true }),
    });
    const r = await find();
    expect(r.found).toEqual({
      url: `https://${HOST}`,
      source: 'tailscale',
      detail: `Tailscale Funnel on ${HOST} to port ${PORT}`,
      matchesPort: true,
    });
    expect(r.steps.at(-1)).toBe(
      `Tailscale Funnel publishes https://${HOST} to the internet and forwards it to this computer's task port ${PORT}.`,
    );
    expect(s.tailscaleInvocations()).toEqual([
      ['status', '--json'],
      ['serve', 'status', '--json'],
    ]);
  });

  it('adds the public port when Funnel listens on 8443 or 10000', async () => {
    s.tailscaleFiles({
      status: tailscaleStatus(),
      serve: serveConfig({ httpsPort: 8443, target: `http://localhost:${PORT}`, funnel: true }),
    });
    expect((await find()).found?.url).toBe(`https://${HOST}:8443`);
  });

  it('finds a Funnel left running in a terminal (a foreground session)', async () => {
    s.tailscaleFiles({ status: tailscaleStatus(), serve: foregroundFunnel({ target: `http://127.0.0.1:${PORT}` }) });
    expect((await find()).found?.url).toBe(`https://${HOST}`);
  });

  it('does not use a tailnet-only serve (Funnel off), and says why', async () => {
    s.tailscaleFiles({
      status: tailscaleStatus(),
      serve: serveConfig({ target: `http://127.0.0.1:${PORT}`, funnel: false }),
    });
    const r = await find();
    expect(r.found).toBeNull();
    expect(r.steps.at(-1)).toBe(
      `Tailscale serves https://${HOST} to port ${PORT} for your own devices only (Funnel is off), which the network cannot reach.`,
    );
  });

  it('does not use a Funnel that forwards to another port', async () => {
    s.tailscaleFiles({
      status: tailscaleStatus(),
      serve: serveConfig({ target: 'http://127.0.0.1:3000', funnel: true }),
    });
    const r = await find();
    expect(r.found).toBeNull();
    expect(r.steps.at(-1)).toBe(`Tailscale is connected but publishes nothing to this computer's task port ${PORT}.`);
  });

  it('treats "nothing served" (null, {} or no output) as no Funnel', async () => {
    for (const serve of ['null\n', '{}\n', '']) {
      s.tailscaleFiles({ status: tailscaleStatus(), serve });
      expect((await find()).steps.at(-1)).toBe(
        `Tailscale is connected but publishes nothing to this computer's task port ${PORT}.`,
      );
    }
  });

  it('is not used while Tailscale is signed out', async () => {
    s.tailscaleFiles({
      status: tailscaleStatus({ backendState: 'NeedsLogin' }),
      serve: serveConfig({ target: `http://127.0.0.1:${PORT}`, funnel: true }),
    });
    const r = await find();
    expect(r.found).toBeNull();
    expect(r.steps.at(-1)).toBe('Tailscale is installed but not connected (its state is “NeedsLogin”).');
    expect(s.tailscaleInvocations()).toEqual([['status', '--json']]);
  });

  it('reports a background service that is not running', async () => {
    s.tailscaleFiles({ status: null });
    const r = await find();
    expect(r.steps.at(-1)).toBe('Tailscale is installed but its background service is not running.');
  });

  it('gives up on a Tailscale that does not answer, after the timeout', async () => {
    s.tailscaleFiles({ status: tailscaleStatus(), behaviour: 'hang' });
    const r = await find({ timeoutMs: 500 });
    expect(r.found).toBeNull();
    expect(r.steps.at(-1)).toBe('Tailscale did not report its status in time (no answer within 0.5 s).');
  });

  it('reports output that is not JSON without throwing', async () => {
    s.tailscaleFiles({ status: 'Tailscale is starting...\n' });
    expect((await find()).steps.at(-1)).toBe('Tailscale reported its status in a form that could not be read.');
    s.tailscaleFiles({ status: tailscaleStatus(), serve: '<not json>' });
    expect((await find()).steps.at(-1)).toBe('Tailscale reported what it serves in a form that could not be read.');
  });
});

describe('with no tunnel program installed', () => {
  it('finds nothing, throws nothing, and says what it looked for', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'iicp-empty-path-'));
    const r = await inEnglish(findExistingTunnel({ port: PORT, env: { PATH: empty }, ngrokApiUrl: noNgrok }));
    expect(r.found).toBeNull();
    expect(r.steps).toEqual([
      `No ngrok agent is running on this computer (nothing listens at ${noNgrok.slice('http://'.length)}).`,
      'Tailscale is not installed on this computer (no tailscale program found).',
    ]);
  });

  it('a runner that reports the program as missing (ENOENT) gives the same plain step', async () => {
    const r = await inEnglish(
      findExistingTunnel({
        port: PORT,
        env: {},
        ngrokApiUrl: noNgrok,
        runTailscale: () => Promise.resolve({ ok: false, kind: 'missing', detail: 'not installed' }),
      }),
    );
    expect(r.steps.at(-1)).toBe('Tailscale is not installed on this computer (no tailscale program found).');
  });
});

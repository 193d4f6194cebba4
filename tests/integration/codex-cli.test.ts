/**
 * Codex CLI, the real program, through the gateway's `/v1/responses`: it connects, sends its tools, streams the
 * answer and prints it. Codex is a 400 MB native program, too large to be one of the project's dependencies, so this
 * runs only where it is installed: `IICP_TEST_CODEX=<path to the codex binary>` (for example after
 * `npm install --prefix /somewhere @openai/codex`). The request Codex sends is also kept as a fixture that the unit
 * tests read on every run (tests/unit/gateway/api-shapes/codex-0.171-request.json).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeBackend } from '../support/backends';
import { startTestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, openGateway } from '../support/gateway-setup';
import { eventually, startPublicNode } from '../support/node-harness';

const CODEX = process.env.IICP_TEST_CODEX;
const MODEL = 'qwen2.5-coder:7b';
const stops: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
});

/** The configuration the README gives Codex users: the gateway as a provider, its hosted tools off. */
function codexHome(baseUrl: string): string {
  // Codex refuses to keep its helpers under the system's temporary folder.
  const root = join(homedir(), '.cache', 'iicp-test-codex');
  mkdirSync(root, { recursive: true });
  const home = mkdtempSync(join(root, 'home-'));
  stops.push(async () => rmSync(home, { recursive: true, force: true }));
  const config = [
    `model = "${MODEL}"`,
    'model_provider = "iicp"',
    'web_search = "disabled"',
    '[model_providers.iicp]',
    'name = "IICP"',
    `base_url = "${baseUrl}"`,
    'env_key = "IICP_KEY"',
    'wire_api = "responses"',
    '[features]',
    'multi_agent = false',
  ];
  writeFileSync(join(home, 'config.toml'), `${config.join('\n')}\n`);
  return home;
}

describe.skipIf(!CODEX)('Codex CLI through the gateway', () => {
  it('codex exec gets its answer streamed from this computer’s model, its tools carried', async () => {
    const directory = await startTestDirectory({
      routabilityCheck: false,
      livenessProbe: false,
      heartbeatIntervalMs: 1000,
    });
    stops.push(() => directory.close());
    const backend = await startFakeBackend({
      flavour: 'ollama',
      models: [MODEL],
      modelFacts: { [MODEL]: { tools: true } },
    });
    stops.push(() => backend.close());
    const g = await startPublicNode({ directory: directory.url, backend: backend.url }, {}, { gatewayPort: 0, tuning });
    stops.push(() => g.stop());
    await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
    const { baseUrl, key } = await openGateway(g, 'Codex');
    const out = await new Promise<{ failed: boolean; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        CODEX!,
        ['exec', '--skip-git-repo-check', 'Say hello to the network'],
        { env: { ...process.env, CODEX_HOME: codexHome(baseUrl), IICP_KEY: key }, timeout: 90_000 },
        (err, stdout, stderr) => resolve({ failed: err !== null, stdout, stderr }),
      );
      // Codex reads more of the prompt from stdin until it ends.
      child.stdin?.end();
    });
    expect(out.stderr).not.toMatch(/^ERROR/m);
    expect(out.failed).toBe(false);
    // The stand-in server echoes the last message: Codex printed what the gateway streamed.
    expect(out.stdout).toContain('Say hello to the network');
    const sent = backend.calls.filter((c) => c.path === '/v1/chat/completions').at(-1)?.body as {
      stream?: boolean;
      tools?: unknown[];
    };
    expect(sent.stream).toBe(true);
    expect(sent.tools?.length).toBeGreaterThan(0);
    const rows = (await g.node.commandHandlers().getGateway({})).recent;
    expect(rows[0]).toMatchObject({
      model: MODEL,
      outcome: 'answered',
      route: 'this_computer',
      streamNote: 'streamed',
      app: 'Codex',
    });
  }, 150_000);
});

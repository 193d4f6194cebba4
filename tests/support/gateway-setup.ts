/**
 * What the gateway tests with real nodes share: the nodes' tuning, the gateway's settings changed in place, the
 * gateway opened with one app key, and the directory's books for one task (awards and debits).
 */
import { expect } from 'vitest';
import type { GatewayRequestRow, GatewaySettings } from '@shared/contract';
import type { TestDirectory } from './directory';
import { eventually, startPublicNode, type NodeHarness } from './node-harness';

/** Quick retries at the directory and for earnings; the books synced once a minute. */
export const GATEWAY_TEST_TUNING = {
  directoryStartupRetryDelaysMs: [200, 400],
  directoryBackoffBaseMs: 200,
  earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 },
};

export const nodeIdOf = (h: NodeHarness): string => h.node.getSnapshot().node.nodeId!;

/** The gateway's request-log row of one task, once the gateway has written it. */
export async function gatewayRow(h: NodeHarness, taskId: string | null): Promise<GatewayRequestRow> {
  let found: GatewayRequestRow | undefined;
  await eventually(async () => {
    found = (await h.node.commandHandlers().getGateway({})).recent.find((r) => r.taskId === taskId);
    expect(found).toBeDefined();
  });
  return found!;
}

/**
 * A provider node registered at `directory` in front of the LLM server at `backendUrl`, with the gateway tests' tuning;
 * kept in `nodes` for the test to stop.
 */
export async function startProvider(
  directory: { url: string },
  backendUrl: string,
  nodes: NodeHarness[],
): Promise<NodeHarness> {
  const h = await startPublicNode(
    { directory: directory.url, backend: backendUrl },
    {},
    { tuning: GATEWAY_TEST_TUNING },
  );
  nodes.push(h);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  return h;
}

/** The passphrase an operator identity is exported and imported under between the test's machines. */
const OPERATOR_PASSPHRASE = 'a long passphrase for the test';

/**
 * Gives each group of machines one operator identity (made on its first machine under `name`, imported on the rest),
 * and resolves once the directory has bound every machine to its operator.
 */
export async function shareOperators(groups: readonly { name: string; machines: readonly NodeHarness[] }[]) {
  for (const { name, machines } of groups) {
    const [first, ...rest] = machines;
    await first!.node.commandHandlers().createOperator({ displayName: name });
    if (rest.length === 0) continue;
    const file = await first!.node.commandHandlers().exportOperator({ passphrase: OPERATOR_PASSPHRASE });
    for (const h of rest)
      await h.node
        .commandHandlers()
        .importOperator({ file: file.text, passphrase: OPERATOR_PASSPHRASE, replace: false });
  }
  for (const h of groups.flatMap((g) => g.machines))
    await eventually(() => expect(h.node.getSnapshot().operator).toMatchObject({ directory: 'bound' }), 20_000);
}

/** Changes some of the gateway's settings, keeping the rest. */
export async function setGateway(h: NodeHarness, patch: Partial<GatewaySettings>): Promise<void> {
  const s = await h.node.commandHandlers().getSettings({});
  await h.node.commandHandlers().updateSettings({ gateway: { ...s.gateway, ...patch } });
}

/**
 * Turns the gateway on with generous limits and makes one app key; resolves with the base URL apps are given (once the
 * gateway listens) and the key.
 */
export async function openGateway(h: NodeHarness, keyName: string): Promise<{ baseUrl: string; key: string }> {
  await setGateway(h, { enabled: true, dailyCap: 100, monthlyCap: 1000, perRequestMax: 10 });
  await eventually(() => expect(h.node.getSnapshot().gateway.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/));
  const key = (await h.node.commandHandlers().createGatewayKey({ name: keyName })).secret;
  return { baseUrl: h.node.getSnapshot().gateway.baseUrl!, key };
}

/** An award as the provider posted it (the directory's log keeps the body as it came). */
export const awardBody = (a: { body: unknown }): Record<string, unknown> =>
  typeof a.body === 'string' ? (JSON.parse(a.body) as Record<string, unknown>) : (a.body as Record<string, unknown>);

export interface TaskBooks {
  /** The awards providers posted for the task. */
  awards(taskId: string): TestDirectory['state']['awards'];
  /** The directory's debits for the task (what the books charged). */
  debits(taskId: string): TestDirectory['state']['transactions'];
}

/** The directory's books for one task, read afresh at each call. */
export function taskBooks(directory: TestDirectory): TaskBooks {
  return {
    awards: (taskId) => directory.state.awards.filter((a) => awardBody(a).task_id === taskId),
    debits: (taskId) => directory.state.transactions.filter((t) => t.task_id === taskId && t.type === 'debit'),
  };
}

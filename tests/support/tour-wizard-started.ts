/**
 * The tour's wizard walk after "Start my node": what the directory was first told, and what the Dashboard shows of the
 * two LLM servers. The first registration offers what the node will serve, both servers' offered models in one
 * REGISTER (never an early one with only the first server's); the Dashboard's LLM server card gives each server its own
 * line, with its own address, kind and "Models (n)".
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import type { Say } from '@shared/i18n/say';
import type { TestDirectory } from './directory';
import type { E2eNode } from './e2e-node';
import { eventually } from './eventually';

/** The models a REGISTER offers, over all its capabilities, sorted. */
const advertised = (body: unknown): string[] =>
  [
    ...new Set((body as { capabilities?: { models?: string[] }[] }).capabilities?.flatMap((c) => c.models ?? [])),
  ].sort();

/**
 * Every REGISTER the directory received, answered or not, as its status and models: exactly one, accepted, with all
 * `offered`. Read once the node says it is registered and serves them all, so an early REGISTER with fewer models
 * (made while the wizard was still saving the second server) is among them.
 */
export async function expectOneFirstRegistration(node: E2eNode, offered: readonly string[]): Promise<void> {
  const directory: TestDirectory = node.directory!;
  const all = [...offered].sort();
  await eventually(async () => {
    const snapshot = await node.callOk<NodeSnapshot>('getSnapshot');
    expect(snapshot.directory.link).toBe('registered');
    expect([...snapshot.backend.models].sort()).toEqual(all);
  }, 30_000);
  expect(directory.state.registrations.map((r) => [r.status, advertised(r.body)])).toEqual([[201, all]]);
}

/** One LLM server as the Dashboard should show it. */
export interface ServerLine {
  url: string;
  /** The kind as the page names it ("Ollama"). */
  kind: string;
  /** The models it offers, in the order it lists them. */
  models: readonly string[];
}

/**
 * The Dashboard's LLM server card with two servers: titled for several, one line per server, in order, each with its
 * own address, kind, "Models (n)" and models; no line counts another server's models.
 */
export async function expectServerLines(page: Page, say: Say, locale: string, servers: ServerLine[]): Promise<void> {
  const card = page.locator('section', { has: page.getByTestId('backend-status') });
  // The text as written: the card's title is shown in capitals by its style only.
  await expect
    .poll(() => card.getByRole('heading', { level: 2 }).textContent(), { timeout: 20_000 })
    .toBe(say('dashboard.facts.backend.titleMany'));
  const lines = card.getByTestId('backend-server');
  await expect.poll(() => lines.count(), { timeout: 20_000 }).toBe(servers.length);
  const count = (n: number) =>
    say('dashboard.facts.backend.models', { count: new Intl.NumberFormat(locale).format(n) });
  for (const [i, server] of servers.entries()) {
    const line = lines.nth(i);
    await expect.poll(() => line.getByRole('listitem').allInnerTexts(), { timeout: 20_000 }).toEqual(server.models);
    const text = await line.innerText();
    expect(text).toContain(server.url);
    expect(text).toContain(server.kind);
    expect(text).toContain(count(server.models.length));
  }
  const total = servers.reduce((n, s) => n + s.models.length, 0);
  expect(await card.innerText()).not.toContain(count(total));
}

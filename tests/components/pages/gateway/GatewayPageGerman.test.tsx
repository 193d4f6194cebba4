/**
 * The "Use the network" page in German: with the language set to German, its headings, switches, figures' names and
 * the engine's state of the gateway read in German, and none of the page's English sentences is left.
 */
import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_SETTINGS, type FleetInfo, type GatewayInfo } from '@shared/contract';
import { GatewayPage } from '@renderer/pages/gateway/GatewayPage';
import { speakWith } from '@shared/i18n/current';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { currentSay } from '@renderer/i18n/useT';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const info: GatewayInfo = {
  enabled: true,
  baseUrl: 'http://127.0.0.1:9483/v1',
  problem: null,
  nextPort: null,
  payingNode: 'node-1',
  keys: [
    {
      id: 'k1',
      name: 'Open WebUI',
      createdAt: AT,
      lastUsedAt: null,
      prefix: 'iicp_gw_3f2a',
      dailyCap: null,
      rpm: null,
    },
  ],
  offer: {
    at: AT,
    nodes: 3,
    ownNodes: 1,
    problem: null,
    models: [
      { model: 'qwen2.5:7b', intent: 'urn:iicp:intent:llm:chat:v1', nodes: 3, ownNodes: 1, lowestMultiplier: 0.8 },
    ],
  },
  budget: {
    spentToday: 0.12,
    dailyCap: 5,
    spentThisMonth: 1.5,
    monthlyCap: 50,
    perRequestMax: 1,
    keepBalance: null,
    balance: 12.5,
    held: 0,
    limitReached: null,
    timeZone: 'Europe/Berlin',
  },
  recent: [
    {
      taskId: 't1',
      at: AT,
      api: 'ollama',
      model: 'qwen2.5:7b',
      nodeId: null,
      own: null,
      outcome: 'refused',
      code: 'insufficient_quota',
      tokens: null,
      credits: null,
      charged: null,
      latencyMs: 3,
      attempts: 0,
      streamNote: null,
      route: null,
      appKeyId: 'k1',
      app: 'Editor',
      machine: null,
      planned: null,
      expected: null,
      worstCase: null,
      flag: null,
      notCharged: false,
      maxTokensLowered: null,
    },
  ],
  header: { kind: 'listening', limit: null },
  apps: [{ id: 'k1', name: 'Open WebUI', spentToday: 0.12, requestsToday: 2, dailyCap: null, rpm: null }],
};

const fleet: FleetInfo = {
  state: 'none',
  machines: [],
  walletNodes: null,
  intervalMs: 30_000,
  webhook: { set: false, pending: 0, last: null },
  shareOwnerFirst: false,
  discoveredAt: null,
};

afterEach(() => {
  useProviderStore.getState().setLanguage('system');
  speakWith(() => english);
});

describe('GatewayPage in German', () => {
  it('says the page, the gateway’s state and the last requests in German, with no English sentence left', async () => {
    // As the page's start does: plain functions speak the page's language, chosen here in Settings.
    speakWith(currentSay);
    useProviderStore.getState().setLanguage('de');
    provider.answer('getFleet', ok(fleet));
    provider.answer('getGateway', ok(info));
    provider.answer('getSettings', ok(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true } })));
    provider.answer('getSnapshot', ok(snapshot()));
    connectedTo(snapshot());
    render(<GatewayPage />);
    await screen.findByRole('heading', { level: 1, name: 'Netzwerk nutzen' });
    await screen.findByRole('form', { name: 'Ausgabenlimits' });
    expect((await screen.findByTestId('gateway-status')).textContent).toBe(
      'Empfangsbereit Apps auf diesem Computer können das Netzwerk jetzt nutzen.',
    );
    screen.getByRole('button', { name: 'Basis-URL kopieren' });
    const recent = within(screen.getByRole('region', { name: 'Letzte Anfragen' }));
    recent.getByText('Abgelehnt');
    recent.getByText('Sie würde ein Ausgabenlimit überschreiten.');
    const text = document.body.textContent ?? '';
    for (const english of [
      'Use the network',
      'Last requests',
      'Spending limits',
      'Listening',
      'Refused',
      'Which machines answer',
      'App keys',
      'Try it',
      'credits',
      'The newest requests first',
    ])
      expect(text).not.toContain(english);
  });

  it('says in German that an answer was cut to fit a limit', async () => {
    speakWith(currentSay);
    useProviderStore.getState().setLanguage('de');
    provider.answer('getFleet', ok(fleet));
    provider.answer('getGateway', ok({ ...info, recent: [{ ...info.recent[0]!, maxTokensLowered: 812 }] }));
    provider.answer('getSettings', ok(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true } })));
    provider.answer('getSnapshot', ok(snapshot()));
    connectedTo(snapshot());
    render(<GatewayPage />);
    expect((await screen.findByTestId('gateway-row-lowered')).textContent).toBe(
      'auf 812 gekürzt, um ein Limit einzuhalten',
    );
  });

  it('says in German what a paid request was expected to cost, what the limits held and its worst case', async () => {
    speakWith(currentSay);
    useProviderStore.getState().setLanguage('de');
    provider.answer('getFleet', ok(fleet));
    const paid = {
      ...info.recent[0]!,
      nodeId: 'node-far',
      own: false,
      route: 'paid' as const,
      outcome: 'answered' as const,
      code: 'ok',
      tokens: 300,
      credits: 0.0375,
      planned: 0.0011,
      expected: 0.0375,
      worstCase: 0.0413,
    };
    provider.answer('getGateway', ok({ ...info, recent: [paid] }));
    provider.answer('getSettings', ok(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true } })));
    provider.answer('getSnapshot', ok(snapshot()));
    connectedTo(snapshot());
    render(<GatewayPage />);
    const planned = await screen.findByTestId('gateway-row-planned');
    expect(planned.textContent).toBe('0,0011 Credits');
    expect(screen.getByTestId('gateway-row-held').textContent).toBe('Limits halten bis zu 0,0375 Credits zurück');
    expect(screen.getByTestId('gateway-row-worst').textContent).toBe('nie mehr als 0,0413 Credits');
    expect(planned.closest('td')!.getAttribute('title')).toBe(
      'Erwartet 0,0011 Credits; die Limits halten bis zu 0,0375 Credits zurück; nie mehr als 0,0413 Credits; noch nicht abgerechnet',
    );
  });

  it('says in German why the gateway does not listen', async () => {
    speakWith(currentSay);
    useProviderStore.getState().setLanguage('de');
    provider.answer('getFleet', ok(fleet));
    provider.answer(
      'getGateway',
      ok({
        ...info,
        baseUrl: null,
        problem: said('gateway.listen.portTaken', { port: '9483' }),
        header: { kind: 'problem', limit: null },
      }),
    );
    provider.answer('getSettings', ok(settings({ gateway: { ...DEFAULT_GATEWAY_SETTINGS, enabled: true } })));
    provider.answer('getSnapshot', ok(snapshot()));
    connectedTo(snapshot());
    render(<GatewayPage />);
    const status = await screen.findByTestId('gateway-status');
    expect(status.textContent).toContain(
      'Port 9483 wird von einem anderen Programm verwendet; wählen Sie für das Gateway einen anderen Port.',
    );
    expect(status.textContent).not.toContain('used by another program');
  });
});

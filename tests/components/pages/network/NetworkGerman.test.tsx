/**
 * The Network page in German: with the language set to German, a node the internet cannot reach shows its status,
 * what to do, its addresses and "Check my node" in German, and none of the page's English sentences is left.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { speakWith } from '@shared/i18n/current';
import { createSay, english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { Network } from '@renderer/pages/network/Network';
import { currentSay } from '@renderer/i18n/useT';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

afterEach(() => {
  useProviderStore.getState().setLanguage('system');
  speakWith(() => english);
});

/**
 * Opens the page for `snap` with German chosen in Settings; plain functions speak the page's language, as at its start.
 */
async function openInGerman(snap: NodeSnapshot) {
  speakWith(currentSay);
  useProviderStore.getState().setLanguage('de');
  provider.answer('getSettings', ok(settings()));
  provider.answer('getSnapshot', ok(snap));
  connectedTo(snap);
  render(<Network />);
  await screen.findByRole('heading', { level: 1, name: 'Netzwerk' });
}

describe('Network page in German', () => {
  it('says the status, what to do and the addresses in German, with no English sentence left', async () => {
    const snap = snapshot({
      reachability: {
        status: 'not_reachable',
        method: null,
        endpoint: null,
        taskPort: 9000,
        localAddress: '192.168.1.20',
        verified: false,
      },
    });
    await openInGerman(snap);
    expect(screen.getByTestId('network-status').textContent).toContain('Aus dem Internet nicht erreichbar');
    const guidance = screen.getByTestId('network-guidance').textContent ?? '';
    expect(guidance).toContain('Leiten Sie den Port an Ihrem Router weiter.');
    expect(guidance).toContain('TCP-Port 9000');
    screen.getByRole('heading', { name: 'Knoten prüfen' });
    screen.getByRole('heading', { name: 'Adressen' });
    const text = document.body.textContent ?? '';
    for (const english of [
      'Reachability',
      'Not reachable from the internet',
      'What to do',
      'Forward the port',
      'Check my node',
      'Addresses',
      'Check again',
      'How the node checked',
    ])
      expect(text).not.toContain(english);
  });

  it('says the engine’s sentences in German: the rung, the NAT warning, the status and Check my node', async () => {
    const path = said('network.check.path.mapping');
    const snap = snapshot({
      reachability: {
        status: 'mapped',
        method: 'upnp',
        endpoint: 'http://100.72.3.4:41234',
        verified: false,
        rungWords: said('network.rung.mapped'),
        message: said('network.message.mappedUnreached', { url: 'http://100.72.3.4:41234' }),
        natWarning: said('network.natWarning.cgnat', { address: '100.72.3.4' }),
        check: {
          running: false,
          probe: null,
          last: {
            at: AT,
            endpoint: 'http://100.72.3.4:41234',
            method: 'upnp',
            outcome: 'partial',
            summary: said('network.check.summary.taskOnly', {
              path,
              directory: said('network.check.clause.notListed'),
            }),
            items: [
              { id: 'health', outcome: 'ok', words: said('network.check.item.healthOk', { path, ms: '12' }), ms: 12 },
            ],
          },
        },
      },
    });
    await openInGerman(snap);
    expect(screen.getByTestId('network-rung').textContent).toContain(
      'Direkt erreichbar über einen Port, den Ihr Router für diesen Knoten geöffnet hat',
    );
    expect(screen.getByTestId('network-nat-warning').textContent).toContain('ist eine Carrier-Grade-NAT-Adresse');
    const text = document.body.textContent ?? '';
    expect(text).toContain(
      'Der Router hat den Port weitergeleitet, aber das Verzeichnis konnte diesen Knoten unter http://100.72.3.4:41234 nicht erreichen.',
    );
    expect(text).toContain(
      'Eine Testaufgabe funktioniert über die Portweiterleitung des Routers, aber das Verzeichnis führt den Knoten zurzeit nicht.',
    );
    expect(text).toContain(
      'Der Knoten hat seine Zustandsprüfung über die Portweiterleitung des Routers in 12 ms beantwortet.',
    );
    for (const words of [
      'Reachable directly',
      'carrier-grade NAT address',
      'The router mapped the port',
      'A test task works',
      'The node answered its health check',
    ])
      expect(text).not.toContain(words);
  });
  it('says the steps, the tunnel, the IPv6 opening, the relay and the mapping’s problem in German', async () => {
    const german = createSay('de', 'de-DE');
    const step = said('ladder.mapping.installed', { address: '100.72.3.4:41234', port: '9484', seconds: '7200' });
    const tunnelState = said('tunnel.state.up');
    const pinholeState = said('ladder.pinhole.state.open');
    const relayProblem = said('relay.worker.lostProblem', { reason: said('relay.bind.noneListed') });
    const mappingProblem = said('ladder.error.refused', { detail: '718 ConflictInMappingEntry' });
    const snap = snapshot({
      reachability: {
        status: 'mapped',
        method: 'upnp',
        endpoint: 'http://100.72.3.4:41234',
        verified: false,
        steps: [{ at: AT, words: step }],
        mapping: {
          protocol: 'upnp',
          state: 'mapped',
          externalAddress: '100.72.3.4:41234',
          internalPort: 9484,
          leaseSeconds: 7200,
          leaseRemainingSeconds: 3600,
          lastRenewalAt: AT,
          nextAttemptAt: null,
          consecutiveFailures: 1,
          lastError: mappingProblem,
        },
        tunnel: {
          kind: 'quick',
          source: 'cloudflared',
          url: 'https://blue-fox-1.trycloudflare.com',
          state: tunnelState,
          nextAttemptAt: null,
          lastError: null,
        },
        pinhole: {
          state: pinholeState,
          address: '2001:db8::5',
          port: 9484,
          uniqueId: 9,
          leaseSeconds: 3600,
          leaseRemainingSeconds: 1800,
          lastError: null,
        },
        relay: {
          state: 'reconnecting',
          relayNodeId: null,
          relayHost: null,
          probation: null,
          reputation: null,
          boundAt: null,
          nextAttemptAt: null,
          lastError: relayProblem,
          calls: 0,
          refusedPlaintext: 0,
        },
      },
    });
    await openInGerman(snap);
    expect(screen.getByTestId('network-step').textContent).toContain(german.said(step));
    expect(screen.getByTestId('network-tunnel-state').textContent).toBe(german.said(tunnelState));
    expect(screen.getByTestId('network-pinhole-state').textContent).toBe(german.said(pinholeState));
    expect(screen.getByTestId('network-relay-error').textContent).toBe(german.said(relayProblem));
    expect(screen.getByTestId('mapping-error').textContent).toBe(
      'Der Router hat abgelehnt: „718 ConflictInMappingEntry“',
    );
    const text = document.body.textContent ?? '';
    for (const s of [step, tunnelState, pinholeState, relayProblem]) expect(text).not.toContain(english.said(s));
  });
});

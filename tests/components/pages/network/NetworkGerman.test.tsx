/**
 * The Network page in German: with the language set to German, a node the internet cannot reach shows its status,
 * what to do, its addresses and "Check my node" in German, and none of the page's English sentences is left.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { english } from '@shared/i18n/say';
import { Network } from '@renderer/pages/network/Network';
import { currentSay } from '@renderer/i18n/useT';
import { useProviderStore } from '@renderer/store';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

afterEach(() => {
  useProviderStore.getState().setLanguage('system');
  speakWith(() => english);
});

describe('Network page in German', () => {
  it('says the status, what to do and the addresses in German, with no English sentence left', async () => {
    // As the page's start does: plain functions speak the page's language, chosen here in Settings.
    speakWith(currentSay);
    useProviderStore.getState().setLanguage('de');
    const snap = snapshot({ reachability: { status: 'not_reachable', method: null, endpoint: null, taskPort: 9000, localAddress: '192.168.1.20', verified: false } });
    provider.answer('getSettings', ok(settings()));
    provider.answer('getSnapshot', ok(snap));
    connectedTo(snap);
    render(<Network />);
    await screen.findByRole('heading', { level: 1, name: 'Netzwerk' });
    expect(screen.getByTestId('network-status').textContent).toContain('Aus dem Internet nicht erreichbar');
    const guidance = screen.getByTestId('network-guidance').textContent ?? '';
    expect(guidance).toContain('Leiten Sie den Port an Ihrem Router weiter.');
    expect(guidance).toContain('TCP-Port 9000');
    screen.getByRole('heading', { name: 'Knoten prüfen' });
    screen.getByRole('heading', { name: 'Adressen' });
    const text = document.body.textContent ?? '';
    for (const english of ['Reachability', 'Not reachable from the internet', 'What to do', 'Forward the port', 'Check my node', 'Addresses', 'Check again', 'How the node checked'])
      expect(text).not.toContain(english);
  });
});

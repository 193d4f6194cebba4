/**
 * The Settings page for a person whose browser speaks German: every card in German, and none of the page's English
 * sentences left (names, addresses and model ids aside).
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ServerModels } from '@shared/contract';
import { messages as english } from '@shared/i18n/catalogue/en/settings';
import { said } from '@shared/i18n/said';
import { Settings } from '@renderer/pages/settings/Settings';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, settings, snapshot } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';

const STORED = settings({
  displayName: 'Küchen-PC',
  region: 'eu-west',
  backendUrl: 'http://127.0.0.1:11434',
  defaultModel: 'qwen2.5:7b',
});

const MODELS: ServerModels = {
  url: 'http://127.0.0.1:11434',
  flavour: 'ollama',
  status: 'healthy',
  models: [{ name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true }],
  current: true,
  problem: null,
  checkedAt: AT,
};

/** The page's English sentences that take no values: none of them may show on the German page. */
const SENTENCES = Object.values(english).filter(
  (text) => !text.includes('{') && !text.includes('<') && text.split(' ').length >= 4,
);

inLocale('de-DE');

describe('Settings in German', () => {
  it('shows every card in German as the browser asks, with no English sentence of the page left', async () => {
    provider.answer('getSettings', ok(STORED));
    provider.answer('listServerModels', ok(MODELS));
    provider.answer('listRegions', (request) =>
      ok({ url: request.url ?? STORED.directoryUrl, regions: [], ok: true, words: null, asOf: AT }),
    );
    connectedTo(snapshot());
    useProviderStore.setState({ language: 'system' });
    render(<Settings />);

    await screen.findByRole('form', { name: 'Knoteneinstellungen' });
    await screen.findByRole('form', { name: 'Eigenbedarf zuerst' });
    screen.getByRole('heading', { name: 'Einstellungen' });
    screen.getByRole('navigation', { name: 'Einstellungen auf dieser Seite' });
    screen.getByRole('region', { name: 'LLM-Server' });
    expect(screen.getByTestId('add-server-submit').textContent).toBe('Hinzufügen');
    screen.getByRole('group', { name: 'Sprache' });
    screen.getByRole('button', { name: 'Einrichtung erneut ausführen' });
    screen.getByRole('button', { name: 'Diesen Knoten aus dem Netzwerk entfernen …' });
    screen.getByLabelText('Anzeigename');

    // The engine's sentence on why this copy does not update itself, in German too.
    expect(screen.getByTestId('update-reason').textContent).toBe(
      'Updates übernimmt die App, die diesen Knoten ausführt.',
    );

    const shown = document.body.textContent ?? '';
    expect(SENTENCES.length).toBeGreaterThan(100);
    expect(SENTENCES.filter((sentence) => shown.includes(sentence))).toEqual([]);
  });

  it('says a failed update in German, from the sentence the updater made', async () => {
    provider.answer('getSettings', ok(STORED));
    provider.answer('listServerModels', ok(MODELS));
    provider.answer('listRegions', (request) =>
      ok({ url: request.url ?? STORED.directoryUrl, regions: [], ok: true, words: null, asOf: AT }),
    );
    const failed = {
      ...snapshot().update,
      supported: true,
      reason: null,
      state: 'error' as const,
      message: said('settings.updates.error.offline'),
    };
    connectedTo(snapshot({ update: failed }));
    useProviderStore.setState({ language: 'system' });
    render(<Settings />);

    await screen.findByRole('form', { name: 'Knoteneinstellungen' });
    expect(screen.getByTestId('update-state').textContent).toBe(
      'Der Update-Server war nicht erreichbar. Ist dieser Computer online?',
    );
  });
});

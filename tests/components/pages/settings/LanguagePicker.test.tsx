/**
 * Settings' language choice: the system's language, English or Deutsch, each named in itself; choosing one changes
 * the page's words at once and saves it as `settings.language`, and a refused save puts the old choice back.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LanguagePicker } from '@renderer/pages/settings/LanguagePicker';
import { LlmServers } from '@renderer/pages/settings/LlmServers';
import { useProviderStore } from '@renderer/store';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider, refusal } from '../../support/provider';

function open() {
  connectedTo(snapshot({ backend: { servers: [] } }));
  useProviderStore.setState({ language: 'en' });
  render(
    <>
      <LanguagePicker />
      <LlmServers replace={() => undefined} />
    </>,
  );
  return within(screen.getByTestId('language-picker'));
}

describe('LanguagePicker', () => {
  it('names each language in itself, and switches the page to German at once when Deutsch is chosen', async () => {
    const user = userEvent.setup();
    provider.answer('updateSettings', ok(settings({ language: 'de' })));
    const picker = open();
    expect(picker.getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual([
      'System language',
      'English',
      'Deutsch',
    ]);
    expect(picker.getByText('Deutsch').getAttribute('lang')).toBe('de');
    expect((picker.getByRole('radio', { name: 'English' }) as HTMLInputElement).checked).toBe(true);
    screen.getByRole('region', { name: 'LLM servers' });

    await user.click(picker.getByRole('radio', { name: 'Deutsch' }));
    // At once: before the host has answered, the page speaks German.
    screen.getByRole('group', { name: 'Sprache' });
    screen.getByRole('region', { name: 'LLM-Server' });
    screen.getByText(
      'Der Knoten bietet die Modelle aller Ihrer Server gemeinsam an und schickt jede Aufgabe an einen Server, der ihr Modell hat.',
    );
    screen.getByRole('button', { name: 'Hinzufügen' });
    expect(screen.queryByText(/The node offers the models/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add' })).toBeNull();
    expect(useProviderStore.getState().language).toBe('de');
    expect(provider.requests('updateSettings')).toEqual([{ language: 'de' }]);
  });

  it('puts the old language back and says why when the host does not save the choice', async () => {
    const user = userEvent.setup();
    provider.answer('updateSettings', refusal('store_error', 'The settings file could not be written.'));
    const picker = open();
    await user.click(picker.getByRole('radio', { name: 'Deutsch' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The settings file could not be written.');
    expect(useProviderStore.getState().language).toBe('en');
    expect((picker.getByRole('radio', { name: 'English' }) as HTMLInputElement).checked).toBe(true);
    screen.getByText('The language could not be saved: The settings file could not be written.');
  });
});

/**
 * The menu in the person's language: with the browser in German every page's name, the setup wizard's link and the
 * menu's own name are German (the glossary's words), and no English name is left.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Sidebar } from '@renderer/shell/Sidebar';
import { useProviderStore } from '@renderer/store';
import { inLocale } from '../support/locale';

describe('the menu for a person in Germany', () => {
  inLocale('de-DE');

  it('names every page in German, as the glossary does', () => {
    useProviderStore.setState({ language: 'system' });
    render(<Sidebar route="availability" />);
    const menu = screen.getByRole('navigation', { name: 'Hauptmenü' });
    const links = [...menu.querySelectorAll('a')].map((a) => a.textContent);
    expect(links).toEqual([
      'Dashboard',
      'Verfügbarkeit',
      'Preise',
      'Einnahmen',
      'Rechner',
      'Netzwerk nutzen',
      'Netzwerk',
      'Protokoll',
      'Einstellungen',
      'Einrichtungs\u00adassistent',
    ]);
    for (const english of [
      'Availability',
      'Pricing',
      'Earnings',
      'Machines',
      'Use the network',
      'Logs',
      'Settings',
      'Setup wizard',
    ]) {
      expect(menu.textContent).not.toContain(english);
    }
  });
});

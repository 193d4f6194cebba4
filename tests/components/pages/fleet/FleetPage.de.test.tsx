/**
 * The Machines page for a person whose browser speaks German: every word of the page in German, the engine's
 * sentences too, and none of the page's English sentences left.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { messages as en } from '@shared/i18n/catalogue/en/fleet';
import { FleetPage } from '@renderer/pages/fleet/FleetPage';
import { currentSay } from '@renderer/i18n/useT';
import { fact } from '../../support/facts';
import { connectedTo, snapshot } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';
import { fleetInfo, machine } from './fleet-fixtures';

/** The page's plain English sentences (no values, no markup): none may show in German. */
const ENGLISH = Object.values(en).filter((m) => !/[{<]/.test(m) && m.includes(' '));

async function openPage() {
  const attic = machine({
    nodeId: 'node-2',
    self: false,
    name: 'Dachboden',
    state: 'down',
    words: said('fleet.words.downNoWindows'),
    alertSince: new Date().toISOString(),
  });
  const paused = machine({
    nodeId: 'node-3',
    self: false,
    name: 'Laptop',
    state: 'paused',
    words: said('fleet.words.paused'),
    slots: { busy: 0, total: 0 },
    ownerFirst: 'serving',
  });
  provider.answer(
    'getFleet',
    ok({
      ...fleetInfo([machine(), attic, paused]),
      walletNodes: 5,
      webhook: {
        set: true,
        pending: 2,
        last: { at: new Date().toISOString(), ok: true, words: said('fleet.webhook.words.delivered') },
      },
    }),
  );
  connectedTo(snapshot());
  render(<FleetPage />);
  await screen.findByRole('list', { name: 'Ihre Rechner' });
}

describe('FleetPage in German', () => {
  inLocale('de-DE');
  beforeEach(() => speakWith(currentSay));
  afterEach(() => speakWith(() => english));

  it('says every word of the page in German, and none of its English sentences', async () => {
    await openPage();
    screen.getByRole('heading', { level: 1, name: 'Ihre Rechner' });
    const kitchen = screen.getByRole('listitem', { name: 'Kitchen PC' });
    within(kitchen).getByText('Dieser Computer');
    expect(within(kitchen).getByTestId('machine-state').textContent).toBe('In Betrieb');
    expect(within(kitchen).getByTestId('machine-words').textContent).toBe('Dieser Computer: läuft.');
    expect(fact(kitchen, 'Plätze')).toBe('1 von 4 belegt');
    expect(fact(kitchen, 'Reputationswert')).toBe('0,90 · 6 erledigte Aufgaben laut Zählung des Verzeichnisses');
    expect(fact(kitchen, 'Heute')).toBe('6 Aufgaben laut eigener Zählung dieses Rechners · 0,35 Credits');
    expect(fact(kitchen, 'Verfügbarkeit jetzt')).toBe('Innerhalb der Zeitfenster seiner Verfügbarkeit');

    const attic = screen.getByRole('listitem', { name: 'Dachboden' });
    expect(within(attic).getByTestId('machine-alert').textContent).toMatch(/^Ausgefallen seit /);
    expect(within(attic).getByTestId('machine-words').textContent).toBe(
      'Keine Rückmeldung, obwohl er ohne Zeitfenster für seine Verfügbarkeit immer eingeschaltet sein sollte.',
    );
    within(attic).getByRole('button', { name: 'Dachboden vergessen' });

    const laptop = screen.getByRole('listitem', { name: 'Laptop' });
    expect(fact(laptop, 'Plätze')).toBe('Keine: pausiert');
    expect(fact(laptop, 'Eigenbedarf zuerst')).toBe('Arbeitet nicht: pausiert');

    screen.getByText(
      'Das Verzeichnis zählt 5 Rechner unter Ihrer Betreiberidentität. 3 davon sind hier bekannt. Ein Rechner erscheint hier, sobald er sich registriert, oder wenn Sie die Identitätsdatei importieren, die nach seinem Hinzukommen exportiert wurde.',
    );
    screen.getByText('2 Nachrichten warten darauf, zugestellt zu werden.');
    screen.getByRole('button', { name: 'Webhook entfernen' });

    const text = document.body.textContent ?? '';
    expect(ENGLISH.filter((sentence) => text.includes(sentence))).toEqual([]);
  });

  it('says a name that is too long in German', async () => {
    const user = userEvent.setup();
    await openPage();
    await user.click(screen.getByRole('button', { name: 'Diesen Computer umbenennen' }));
    const form = within(screen.getByRole('form', { name: 'Diesen Computer umbenennen' }));
    const input = form.getByRole('textbox', { name: 'Name dieses Computers' });
    await user.clear(input);
    await user.type(input, 'x'.repeat(65));
    await user.click(form.getByRole('button', { name: 'Speichern' }));
    form.getByText('Verwenden Sie höchstens 64 Zeichen.');
    expect(provider.requests('renameMachine')).toEqual([]);
  });

  it("says the webhook's failed delivery in German", async () => {
    const last = {
      at: new Date().toISOString(),
      ok: false,
      words: said('fleet.webhook.words.gaveUpNetwork', { count: 3 }),
    };
    provider.answer('getFleet', ok({ ...fleetInfo([machine()]), webhook: { set: true, pending: 0, last } }));
    connectedTo(snapshot());
    render(<FleetPage />);
    const shown = (await screen.findByTestId('fleet-webhook-last')).textContent ?? '';
    expect(shown).toContain('Nach 3 Versuchen aufgegeben: Der Webhook war nicht erreichbar.');
    expect(shown).not.toContain('could not be reached');
  });
});

/**
 * "Why am I not getting tasks?" for a person whose browser speaks German: the engine's checks, the verdict and the
 * links to where to fix it are said in German, figures the German way, no English left.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskDiagnosis } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { speakWith } from '@shared/i18n/current';
import { WhyNoTasksCard } from '@renderer/pages/dashboard/WhyNoTasksCard';
import { currentSay } from '@renderer/i18n/useT';
import { AT, connectedTo } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';

inLocale('de-DE');

beforeEach(() => {
  speakWith(currentSay);
});

afterEach(() => {
  speakWith(() => english);
});

// The engine's words for a chat intent (intentWords): its own German compound, not the generic fallback.
const chat = said('dashboard.whyCheck.intentTasks.chat');
const diagnosis: TaskDiagnosis = {
  at: AT,
  discoveredAt: AT,
  holdingBack: 'price',
  checks: [
    { id: 'registered', outcome: 'ok', words: said('dashboard.whyCheck.link.registered'), action: null },
    {
      id: 'discoverable',
      outcome: 'ok',
      words: said('dashboard.whyCheck.find.found', { what: chat, place: 2, listed: 5 }),
      action: null,
    },
    {
      id: 'price',
      outcome: 'problem',
      words: said('dashboard.whyCheck.price.dearer', {
        inForce: 2.5,
        compared: said('dashboard.whyCheck.price.others', { others: 3, what: chat, typical: 1.25 }),
        status: said('pricing.status.confirmed'),
      }),
      action: { label: said('dashboard.whyCheck.open.pricing'), route: 'pricing' },
    },
    {
      id: 'standing',
      outcome: 'ok',
      words: said('dashboard.whyCheck.standing.fine', { scored: 'yes', score: 0.8, past: 'completed', completed: 300 }),
      action: null,
    },
    { id: 'demand', outcome: 'ok', words: said('dashboard.whyCheck.demand.busy', { same: 1, busy: 1 }), action: null },
    { id: 'refusals', outcome: 'ok', words: said('dashboard.whyCheck.refusals.none'), action: null },
  ],
};

const text = () => (document.body.textContent ?? '').replace(/\u00a0/g, ' ');

describe('"Why am I not getting tasks?" in German', () => {
  it('says the checks, the verdict and the link in German, with German figures', async () => {
    const user = userEvent.setup();
    provider.answer('diagnoseTasks', ok(diagnosis));
    connectedTo();
    render(<WhyNoTasksCard />);
    await user.click(screen.getByTestId('why-check'));
    await screen.findByTestId('why-report');
    expect(screen.getByTestId('why-verdict').textContent).toMatch(
      /^Das bremst Ihren Knoten: Sie verlangen das 2,5-Fache des Grundtarifs, doch die 3 anderen Knoten, die Chat-Aufgaben anbieten, verlangen im Median 1,25\u00a0×: Nutzer mit einer Preisgrenze übergehen teurere Knoten\. Vom Verzeichnis bestätigt\./,
    );
    expect(text()).toContain('Beim Verzeichnis registriert.');
    expect(text()).toContain('Nutzer, die nach Chat-Aufgaben suchen, finden Ihren Knoten (Platz 2 von 5 gelisteten).');
    expect(text()).toContain('Reputation 0,80 nach 300 erledigten Aufgaben.');
    expect(text()).toContain('Der andere Knoten, der Ihre Modelle bedient: 1 ist gerade beschäftigt');
    expect(screen.getByRole('link', { name: 'Preise öffnen' })).toBeTruthy();
    for (const en of [
      'You charge',
      'Registered with',
      'Consumers looking',
      // German says "Reputation" too; the English sentence is known by its tail.
      'completed tasks',
      'Open Pricing',
      'No task was turned away',
      'What holds',
    ]) {
      expect(text()).not.toContain(en);
    }
  });
});

/**
 * The Dashboard for a person whose browser speaks German: the cards and "What the network asks for" in German, the
 * engine's sentence about a missing list of nodes too, and none of our English sentences left.
 */
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemandInfo } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { said } from '@shared/i18n/said';
import { speakWith } from '@shared/i18n/current';
import { DemandCard } from '@renderer/pages/dashboard/DemandCard';
import { NodeStatus } from '@renderer/pages/dashboard/NodeStatus';
import { NoticesCard } from '@renderer/pages/dashboard/NoticesCard';
import { RequestsCard } from '@renderer/pages/dashboard/RequestsCard';
import { currentSay } from '@renderer/i18n/useT';
import { AT, connectedTo, requestRow, snapshot } from '../../support/fixtures';
import { inLocale } from '../../support/locale';
import { ok, provider } from '../../support/provider';

inLocale('de-DE');

beforeEach(() => {
  // The page sets this at start (main.tsx): plain functions speak the page's language.
  speakWith(currentSay);
});

afterEach(() => {
  speakWith(() => english);
});

const DEMAND: DemandInfo = {
  discoveredAt: AT,
  asked: [{ model: 'llama3:70b', times: 3 }],
  scarce: [{ model: 'mistral:7b', nodes: 1, own: 0, yours: false }],
  mine: [{ model: 'qwen2.5:7b', others: 3, own: 1 }],
  price: { yours: 1, others: 3, median: 1, cheaper: 1, dearer: 1 },
  nodesSeen: 3,
  problem: null,
  speech: [{ kind: 'transcribe', model: 'whisper-1', nodes: 1, own: 1, yours: false, asked: 2 }],
  pullTo: [{ server: 'srv-1', url: 'http://127.0.0.1:11434' }],
};

const text = () => (document.body.textContent ?? '').replace(/\u00a0/g, ' ');

describe('the Dashboard in German', () => {
  it('"What the network asks for" says every sentence in German, figures in the German way', async () => {
    provider.answer('getDemand', ok(DEMAND));
    connectedTo();
    render(<DemandCard />);
    await screen.findByTestId('demand-asked');
    expect(screen.getByRole('heading', { name: 'Was das Netzwerk nachfragt' })).toBeTruthy();
    expect(text()).toContain('Sie nennt 3 weitere Knoten.');
    expect(text()).toContain('diese Woche 3-mal angefragt.');
    expect(text()).toContain('3 Knoten anderer Personen bieten es an. 1 Ihrer anderen Rechner bietet es ebenfalls an.');
    expect(text()).toContain(
      '(Sprache zu Text): 1 Knoten einer anderen Person bietet es an. 1 Ihrer anderen Rechner bietet es ebenfalls an. Diese Woche 2-mal bei Ihrem Knoten angefragt.',
    );
    expect(screen.getAllByRole('button', { name: 'Auf diesen LLM-Server herunterladen' }).length).toBeGreaterThan(0);
    expect(text()).toContain('Modelle werden auf den LLM-Server unter 127.0.0.1:11434 heruntergeladen.');
    expect(text()).toContain(
      'Ihr Faktor auf den Grundtarif: 1 ×; der Median von 3 Knoten anderer Personen liegt bei 1 ×',
    );
    for (const en of [
      'What the network asks for',
      'It listed',
      'asked 3 times',
      'other nodes serve it',
      'other people',
      'your other machines',
      'Read again',
      'Pull to',
      'Download',
      'the base rate',
      'Speech to text',
      'Asked of your node',
    ]) {
      expect(text()).not.toContain(en);
    }
  });

  it('says a missing list in German, from the engine’s sentence', async () => {
    const problem = said('dashboard.demand.problem.noList', { why: 'unreachable' });
    provider.answer(
      'getDemand',
      ok({ ...DEMAND, discoveredAt: null, scarce: [], mine: [], price: null, nodesSeen: 0, problem }),
    );
    connectedTo();
    render(<DemandCard />);
    expect((await screen.findByTestId('demand-problem')).textContent).toBe(
      'Das Verzeichnis war gerade nicht erreichbar. Was andere Knoten anbieten, ist daher nicht bekannt.',
    );
  });

  it('the switch and the notices speak German', () => {
    const snap = snapshot({ notices: [] });
    connectedTo(snap);
    render(<NodeStatus snapshot={snap} />);
    expect(screen.getByRole('switch', { name: 'Verfügbar' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '1 Stunde pausieren' })).toBeTruthy();
    expect(text()).not.toContain('Pause for 1 hour');
    expect(text()).not.toContain('Your node accepts work');
  });

  it('counts notices with German plurals', () => {
    const notice = (id: number) => ({
      id,
      kind: 'went_offline' as const,
      title: 'x',
      body: 'y',
      route: 'dashboard' as const,
      at: AT,
      resolvedAt: null,
    });
    connectedTo();
    render(<NoticesCard notices={[1, 2, 3, 4, 5].map(notice) as never} />);
    expect(screen.getByRole('button', { name: '2 weitere Hinweise anzeigen' })).toBeTruthy();
  });

  it("says why each request was turned away in German, from the engine's sentence", () => {
    connectedTo();
    const refused = requestRow(1, {
      outcome: 'refused',
      code: 'busy',
      words: said('dashboard.reason.busy'),
      status: 503,
    });
    const advice = [
      { id: 'capacity', words: said('dashboard.advice.capacity', { count: 60, slots: 2 }), action: null },
    ];
    render(
      <RequestsCard
        requests={{
          ...snapshot().requests,
          refused: 1,
          recent: [refused],
          reasons: [{ code: 'busy', words: said('dashboard.reason.busy'), count: 1 }],
          advice,
        }}
      />,
    );
    expect(screen.getAllByText('Der Knoten verarbeitete gerade andere große Anfragen').length).toBe(2);
    expect(text()).toContain(
      '60 abgewiesen, weil alle 2 Plätze belegt waren – erhöhen Sie „Aufgaben gleichzeitig“ in den Einstellungen.',
    );
    expect(text()).not.toContain('turned away because');
    expect(text()).not.toContain('The node was busy');
  });

  it('says how a model pull went in German', async () => {
    provider.answer('getDemand', ok(DEMAND));
    const pull = {
      server: 'srv-1',
      model: 'llama3:70b',
      state: 'failed' as const,
      status: null,
      completed: null,
      total: null,
      fraction: null,
      words: said('dashboard.pull.notFinished'),
      startedAt: AT,
    };
    const snap = snapshot();
    connectedTo({ ...snap, backend: { ...snap.backend, pull } });
    render(<DemandCard />);
    expect((await screen.findByTestId('demand-pull')).textContent).toContain(
      'Ollama konnte das Herunterladen nicht abschließen.',
    );
    expect(text()).not.toContain('could not finish the download');
  });
});

/**
 * The shared cards in German: with the language set to German, the energy card and the model picker say their words
 * in German, with German figures, and none of their English sentences is left.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DetectedModel, EarningsInfo, EarningsReport } from '@shared/contract';
import { useProviderStore } from '@renderer/store';
import { EnergyCard } from '@renderer/components/EnergyCard';
import { ModelPicker } from '@renderer/components/models/ModelPicker';
import { snapshot } from '../support/fixtures';

const KWH = 3_600_000;

beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
  useProviderStore.setState({ language: 'de' });
});

const plain = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ');

describe('the shared cards in German', () => {
  it('says what serving cost in power in German, figures included', () => {
    const base = snapshot().earnings;
    const earnings: EarningsInfo = {
      ...base,
      today: { ...base.today, jobs: 1240, awarded: 3.1, energyJ: 0.42 * KWH, energyTasks: 1240 },
      energy: {
        source: 'measured',
        meters: 'nvidia-smi',
        baselineW: 40,
        powerW: 220,
        typicalW: null,
        pricePerKwh: null,
        currency: 'EUR',
      },
    };
    const report = { days: 7, totals: { jobs: 1, energyJ: 2.9 * KWH, energyTasks: 1 } } as unknown as EarningsReport;
    render(<EnergyCard earnings={earnings} report={report} />);
    const card = within(screen.getByRole('region', { name: 'Strom und seine Kosten' }));
    expect(plain(card.getByTestId('energy-today').textContent)).toBe(
      'Heute: 0,42 kWh für 1.240 Aufgaben, 3,1 Credits.',
    );
    expect(plain(card.getByTestId('energy-period').textContent)).toBe('Letzte 7 Tage: 2,90 kWh für 1 Aufgabe.');
    expect(plain(card.getByTestId('energy-source').textContent)).toBe(
      'Gemessen mit nvidia-smi: Jede Aufgabe bekommt, während sie Tokens erzeugt, ihren Anteil am Strom über den Leerlauf von 40 W hinaus.',
    );
    expect(card.getByRole('link', { name: 'Einstellungen' }).getAttribute('href')).toBe('#/settings');
    card.getByText('Credits haben in der aktuellen Phase des Netzwerks keinen Tauschwert.');
    const text = document.body.textContent ?? '';
    for (const english of [
      'Power and its cost',
      'Today:',
      'Last 7 days',
      'Measured from',
      'electricity price',
      'exchange value',
    ])
      expect(text).not.toContain(english);
  });

  it('offers the models in German', () => {
    const models: DetectedModel[] = [
      { name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true },
      { name: 'nomic-embed-text', kind: 'embedding', modalities: ['text'], loaded: false },
    ];
    render(
      <ModelPicker
        models={models}
        choice={{ excluded: ['nomic-embed-text'], defaultModel: null }}
        onChange={() => {}}
        keep={['gone:1b']}
      />,
    );
    const picker = within(screen.getByTestId('model-picker'));
    picker.getByText('Im Netzwerk angebotene Modelle');
    picker.getByText('derzeit nicht gelistet');
    expect(picker.getByText(/angeboten;/).textContent).toMatch(/^1 von 2 Modellen angeboten;/);
    screen.getByLabelText('Standard-Chat-Modell');
    const text = document.body.textContent ?? '';
    for (const english of [
      'Models offered to the network',
      'not listed now',
      'offered; unticked',
      'Answers chat tasks',
    ])
      expect(text).not.toContain(english);
  });
});

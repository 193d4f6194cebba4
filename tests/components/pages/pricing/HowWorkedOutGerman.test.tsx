/**
 * "How is this worked out?" in German: the disclosure, its parts and the table of the directory's schedule say their
 * words in German, and none of their English is left.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PricingInfo } from '@shared/contract';
import { useProviderStore } from '@renderer/store';
import { HowWorkedOut } from '@renderer/pages/pricing/HowWorkedOut';

const pricing: PricingInfo = {
  declared: { multiplier: 1, model: 'per_token' },
  tier: { name: '7b', weight: 1, model: 'qwen2.5:7b' },
  ceiling: 1,
  directoryMultiplier: 1,
  capped: false,
  directory: null,
  pricePer1000: 1,
  declarationAccepted: true,
  schedule: {
    formula: 'credits = tokens / 1000 * weight',
    tokensPerCredit: 1000,
    tierWeights: { sub_1b: 0.05, '7b': 1, '13b': 2 },
    asOf: '2025-05-12T10:00:00.000Z',
  },
  history: [],
  speechRates: [],
};

beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
  useProviderStore.setState({ language: 'de' });
});

describe('How is this worked out, in German', () => {
  it('says the disclosure and the schedule table in German', () => {
    render(<HowWorkedOut pricing={pricing} />);
    const how = within(screen.getByTestId('pricing-how'));
    how.getByText('Wie wird das berechnet?');
    how.getByText('Für Neugierige: dieselbe Regel als Formel');
    how.getByRole('columnheader', { name: 'Modellgröße' });
    how.getByRole('columnheader', { name: 'Kosten für 1.000 Tokens' });
    how.getByText('Ihre Modelle');
    expect(how.getByText(/^Das Verzeichnis hat diese Tabelle/).textContent).toMatch(/ geschickt\.$/);
    const text = document.body.textContent ?? '';
    for (const english of [
      'How is this worked out?',
      'For the curious',
      'Model size',
      'Size weight',
      'tokens cost',
      'your models',
      'sent this schedule',
    ]) {
      expect(text).not.toContain(english);
    }
  });
});

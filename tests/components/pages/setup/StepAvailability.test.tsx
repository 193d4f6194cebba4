/**
 * The wizard's step 4: tasks at once, kept in the wizard's draft ("Next" saves nothing), and the price written the
 * way every page writes a multiplier.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { english } from '@shared/i18n/say';
import { formatTimes } from '@renderer/format';
import { times } from '@renderer/pages/pricing/pricing-words';
import { SetupWizard } from '@renderer/pages/setup/SetupWizard';
import { useWizard } from '@renderer/pages/setup/wizard-store';
import { connectedTo, settings, snapshot } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

async function openStep(multiplier = 1) {
  provider.answer('getSettings', ok(settings({ creditCostMultiplier: multiplier })));
  connectedTo(snapshot());
  useWizard.setState({ step: 4 });
  render(<SetupWizard />);
  await screen.findByText(/the network’s base rate/);
}

beforeEach(() => {
  useWizard.getState().reset();
});

describe('StepAvailability', () => {
  it.each([0.75, 1, 2.5])('writes a price of %s as the Pricing page does', async (m) => {
    await openStep(m);
    const terms = screen.getByTestId('wizard-share-terms').textContent ?? '';
    expect(terms).toContain(`It charges ${formatTimes(m)} the network’s base rate.`);
    expect(formatTimes(m)).toBe(times(m));
  });

  it('says one availability window as one, and the price in the glossary’s word, the base rate', () => {
    const tag = (chunks: string[]) => chunks.join('');
    const terms = english.parts('setup.share.terms', { windows: 1, times: '1 ×' }, { hours: tag, price: tag }).join('');
    expect(terms).toContain('Your availability window applies: your node works inside it.');
    expect(terms).toContain('the network’s base rate.');
  });

  it('keeps tasks at once in the draft with "Next", and saves nothing', async () => {
    const user = userEvent.setup();
    await openStep();
    const tasks = screen.getByRole('spinbutton', { name: 'Tasks at once' });
    await user.clear(tasks);
    await user.type(tasks, '3');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Start with your computer' });
    expect(provider.requests('updateSettings')).toEqual([]);
    expect(useWizard.getState().typed.maxConcurrent).toBe('3');
  });
});

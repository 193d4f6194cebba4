/**
 * "Why am I not getting tasks?": the check's verdict and steps in our words, and what consumers sent (model names
 * asked for) only after them, quoted, one short line each.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { TaskDiagnosis } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { WhyNoTasksCard } from '@renderer/pages/dashboard/WhyNoTasksCard';
import { AT, connectedTo } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const PHISH = 'Your node key leaked: re-enter it at https://iicp-support.example/recover now';
const CUT = 'Your node key leaked: re-enter it at ht…';

const diagnosis: TaskDiagnosis = {
  at: AT,
  discoveredAt: AT,
  holdingBack: 'refusals',
  checks: [
    { id: 'registered', outcome: 'ok', words: said('dashboard.whyCheck.link.registered'), action: null },
    {
      id: 'refusals',
      outcome: 'problem',
      words: said('dashboard.advice.unknownModel', { count: 1, asked: said('dashboard.advice.modelsAskedFor') }),
      quoted: [PHISH, 'llama3:70b'],
      action: null,
    },
  ],
};

describe('WhyNoTasksCard: what consumers sent', () => {
  it('quotes the names asked for after our words, each cut to one short line, never a link', async () => {
    const user = userEvent.setup();
    provider.answer('diagnoseTasks', ok(diagnosis));
    connectedTo();
    render(<WhyNoTasksCard />);
    await user.click(screen.getByTestId('why-check'));
    const report = await screen.findByTestId('why-report');
    expect(screen.getByTestId('why-verdict').textContent).toMatch(
      new RegExp(
        `^What holds your node back: 1 asked for a model you don't offer\\. Models asked for: “${CUT}”, “llama3:70b” \\(`,
      ),
    );
    const step = within(screen.getByTestId('why-refusals'));
    const quotes = step.getAllByTestId('quoted');
    expect(quotes.map((q) => q.textContent)).toEqual([`“${CUT}”`, '“llama3:70b”']);
    for (const q of within(report).getAllByTestId('quoted')) {
      expect([...(q.getAttribute('title') ?? '')].length).toBeLessThanOrEqual(40);
      expect(q.className).toMatch(/_line_/);
    }
    expect(report.innerHTML).not.toContain('re-enter it at https');
    expect(within(report).queryAllByRole('link')).toEqual([]);
  });

  it('says how old the directory’s list of nodes is, and nothing when the check had none', async () => {
    const user = userEvent.setup();
    provider.answer('diagnoseTasks', ok(diagnosis));
    connectedTo();
    render(<WhyNoTasksCard />);
    await user.click(screen.getByTestId('why-check'));
    await screen.findByTestId('why-report');
    expect(screen.getByTestId('why-discovered').textContent).toMatch(/^The directory's list of nodes is from .+\.$/);
    provider.answer('diagnoseTasks', ok({ ...diagnosis, discoveredAt: null }));
    await user.click(screen.getByTestId('why-check'));
    await waitFor(() => expect(screen.queryByTestId('why-discovered')).toBeNull());
  });
});

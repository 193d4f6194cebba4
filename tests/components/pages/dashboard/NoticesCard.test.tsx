/**
 * The Dashboard's notices: what is still news is shown (trouble in the "warn" colour, with a link to the page that
 * tells more, as a click on the desktop notification opens), at most three before "Show more"; a trouble and the "back"
 * that ended it are resolved, only counted and listed on request; "Dismiss" asks the engine and shows its answer.
 */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NodeSnapshot, Notice, Result } from '@shared/contract';
import { NoticesCard } from '@renderer/pages/dashboard/NoticesCard';
import { parseRoute } from '@renderer/routes';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, snapshot } from '../../support/fixtures';
import { later, ok, provider, refusal } from '../../support/provider';

const LATER = '2025-05-12T10:05:00.000Z';

/** A notice as the engine sends it: its sentences as `Said`, here ones that say the given text. */
function notice(id: string, kind: Notice['kind'], title: string, patch: Partial<Notice> = {}): Notice {
  const text = (t: string) => said('engine.notice.text', { text: t });
  return {
    id,
    at: AT,
    kind,
    title: text(title),
    body: text('What happened, in one sentence.'),
    route: 'dashboard',
    resolvedAt: null,
    ...patch,
  };
}

/** The page with the store's snapshot carrying `notices`, re-rendered as the store changes. */
function Page() {
  const notices = useProviderStore((s) => s.snapshot?.notices ?? []);
  return <NoticesCard notices={notices} />;
}

const kinds = (list: HTMLElement) =>
  within(list)
    .queryAllByTestId('notice')
    .map((i) => i.getAttribute('data-kind'));

describe('NoticesCard', () => {
  it('shows what is still news and only counts a resolved pair ("stopped" and its "back")', async () => {
    const notices = [
      notice('n4', 'backend_back', 'LLM server back', { resolvedAt: LATER, at: LATER }),
      notice('n3', 'machine_down', '“Attic PC” is down', { route: 'fleet' }),
      notice('n2', 'backend_stopped', 'LLM server stopped', { resolvedAt: LATER }),
      notice('n1', 'machine_back', '“Office PC” is back', { route: 'fleet', resolvedAt: AT }),
    ];
    render(<NoticesCard notices={notices} />);
    const open = screen.getByTestId('notices');
    expect(kinds(open)).toEqual(['machine_down']);
    const item = within(open).getByTestId('notice');
    expect(item.querySelector('[data-tone]')?.getAttribute('data-tone')).toBe('warn');
    const link = within(item).getByRole('link', { name: 'Open the Machines page' });
    expect(parseRoute(link.getAttribute('href')!)).toBe('fleet');
    expect(screen.getByTestId('notices-resolved-count').textContent).toMatch(/^3 earlier notices are resolved\./);
    expect(screen.getByTestId('resolved-notices').hidden).toBe(true);
    expect(screen.queryByText('LLM server stopped')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Show them' }));
    const resolved = screen.getByTestId('resolved-notices');
    expect(resolved.hidden).toBe(false);
    expect(kinds(resolved)).toEqual(['backend_back', 'backend_stopped', 'machine_back']);
    // History, not a status: no colour, whatever the notice once was.
    expect(
      within(resolved)
        .getAllByTestId('notice')
        .map((i) => i.querySelector('[data-tone]')?.getAttribute('data-tone')),
    ).toEqual(['neutral', 'neutral', 'neutral']);
    expect(screen.getByRole('button', { name: 'Hide them' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('shows three at once and the rest on "Show more"; nothing at all without notices', async () => {
    const { rerender } = render(<NoticesCard notices={[]} />);
    expect(screen.queryByTestId('notices-card')).toBeNull();
    const many = [1, 2, 3, 4, 5].map((i) =>
      notice(`n${i}`, 'earnings_rejected', `Earnings rejected ${i}`, { route: 'earnings' }),
    );
    rerender(<NoticesCard notices={many} />);
    expect(within(screen.getByTestId('notices')).getAllByTestId('notice')).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: 'Show 2 more notices' }));
    expect(within(screen.getByTestId('notices')).getAllByTestId('notice')).toHaveLength(5);
    expect(screen.queryByTestId('notices-more')).toBeNull();
  });

  it('says so when every notice is resolved', () => {
    render(
      <NoticesCard
        notices={[
          notice('n2', 'back_online', 'In contact again', { resolvedAt: AT }),
          notice('n1', 'offline', 'Lost contact', { resolvedAt: AT }),
        ]}
      />,
    );
    expect(screen.queryByTestId('notices')).toBeNull();
    expect(screen.getByText('Nothing new needs your attention.')).toBeTruthy();
    expect(screen.getByTestId('notices-resolved-count').textContent).toMatch(/^2 earlier notices are resolved\./);
  });

  it('"Dismiss" sends the notice’s id and shows the engine’s answer, without the notice', async () => {
    const mismatch = notice('n2', 'earnings_unverified', 'Your earnings do not match the directory’s signed record', {
      route: 'earnings',
    });
    const rejected = notice('n1', 'earnings_rejected', 'Earnings rejected', { route: 'earnings' });
    connectedTo(snapshot({ notices: [mismatch, rejected] }));
    const answer = later<Result<NodeSnapshot>>();
    provider.answer('dismissNotice', () => answer.promise);
    render(<Page />);
    await userEvent.click(screen.getByRole('button', { name: `Dismiss the notice: ${english.said(mismatch.title)}` }));
    expect(provider.requests('dismissNotice')).toEqual([{ id: 'n2' }]);
    expect(kinds(screen.getByTestId('notices'))).toEqual(['earnings_unverified', 'earnings_rejected']); // until the engine answers
    await act(async () => answer.resolve(ok(snapshot({ version: 2, notices: [rejected] }))));
    expect(kinds(screen.getByTestId('notices'))).toEqual(['earnings_rejected']);
  });

  it('says why when the engine refuses to dismiss, and keeps the notice', async () => {
    connectedTo(snapshot({ notices: [notice('n1', 'earnings_rejected', 'Earnings rejected', { route: 'earnings' })] }));
    provider.answer('dismissNotice', refusal('store_error', 'The notice could not be dismissed: disk full'));
    render(<Page />);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss the notice: Earnings rejected' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The notice could not be dismissed: disk full');
    expect(kinds(screen.getByTestId('notices'))).toEqual(['earnings_rejected']);
  });
});

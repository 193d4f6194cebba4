/**
 * The Earnings page's "Verified against the directory's signed record": the sentence every surface says, the tasks
 * that differ with why, problems of the record as a warning that cannot be missed (with "Trust the new key"), and
 * "Verify now" with its progress.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AwardDifference, VerificationInfo } from '@shared/contract';
import { CHECK_WORDS } from '@shared/words/verification-words';
import { VerificationCard } from '@renderer/pages/earnings/VerificationCard';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, snapshot, verification } from '../../support/fixtures';
import { later, ok, provider } from '../../support/provider';

const CHECKED = '2025-05-12T09:30:00.000Z';
const OLD_KEY = '0123456789abcdef';
const NEW_KEY = 'fedcba9876543210';

const done = (patch: Partial<VerificationInfo> = {}): VerificationInfo =>
  verification({
    state: 'done',
    asOf: CHECKED,
    lastSeq: 5000,
    eventsChecked: 5000,
    verified: { count: 12, credits: '0.184' },
    key: { fingerprint: OLD_KEY, pinnedAt: AT, changedTo: null },
    ...patch,
  });

/** The page connected to a node whose last check says `v`; `version` orders the snapshots. */
function publish(v: VerificationInfo, version = 1) {
  const base = snapshot();
  const snap = { ...base, version, earnings: { ...base.earnings, verification: v } };
  if (version === 1) connectedTo(snap);
  else act(() => useProviderStore.getState().applySnapshot(snap));
}

const difference = (patch: Partial<AwardDifference> = {}): AwardDifference => ({
  check: 'awarded_less',
  taskId: 'task-7f3a',
  at: AT,
  claimed: '0.012',
  signed: '0.008',
  seq: 4810,
  ...patch,
});

const card = () => within(screen.getByRole('region', { name: 'Verified against the directory’s signed record' }));
const sentence = () => card().getByTestId('verification-sentence').textContent;

describe('VerificationCard', () => {
  it('says in one sentence that every award matches, and raises no warning', () => {
    publish(done());
    render(<VerificationCard />);
    expect(sentence()).toBe('Verified against the directory’s signed record: 12 awards, 0.184 credits — all match.');
    expect(card().queryByRole('alert')).toBeNull();
    expect(card().queryByRole('table')).toBeNull();
    expect(card().getByTestId('verification-asof').textContent).toContain('5,000 events of the record read in all.');
    expect(card().getByTestId('verification-asof').textContent).toContain(`Directory key ${OLD_KEY}`);
    expect(provider.requests('listAwardDifferences')).toEqual([]);
  });

  it('says how much it checked and when, and stays neutral while newer awards are not checked yet', () => {
    const tone = () =>
      card().getByTestId('verification-sentence').querySelector('[data-tone]')!.getAttribute('data-tone');
    // The check saw 41 awards; 11 came after it (the ledger's count, the one the Awarded figure sums).
    publish(
      done({
        verified: { count: 41, credits: '0.222' },
        waiting: { count: 3, credits: '0.018' },
        unchecked: { count: 11, credits: '0.066' },
      }),
    );
    render(<VerificationCard />);
    expect(sentence()).toBe('41 of 52 awards checked against the directory’s signed record: 0.222 credits, all match.');
    expect(tone()).toBe('neutral');
    expect(card().getByTestId('verification').dataset.unchecked).toBe('11');
    expect(card().getByTestId('verification-unchecked').textContent).toBe(
      '11 newer awards are not checked yet (0.066 credits); the next check includes them.',
    );
    const checkedAt = card().getByTestId('verification-checked-at');
    expect(checkedAt.textContent).toMatch(/^Checked at .+\.$/);
    expect(checkedAt.querySelector('time')!.getAttribute('datetime')).toBe(CHECKED);
    // The claims that waited at the check are counted among the newer awards now, not said as a figure of then.
    expect(card().queryByTestId('verification-waiting')).toBeNull();

    // Differences among what it checked: what it verified, and what differs.
    publish(
      done({
        verified: { count: 41, credits: '0.222' },
        differences: [{ check: 'not_in_log', count: 2, credits: '0.012' }],
        unchecked: { count: 9, credits: '0.054' },
      }),
      2,
    );
    expect(sentence()).toBe(
      '43 of 52 awards checked against the directory’s signed record: 41 awards verified (0.222 credits); 2 tasks differ.',
    );
    expect(tone()).toBe('warn');

    // The next check covers every award: the green "all match" is earned.
    publish(
      done({
        asOf: '2025-05-12T09:45:00.000Z',
        verified: { count: 52, credits: '0.288' },
        unchecked: { count: 0, credits: '0' },
      }),
      3,
    );
    expect(sentence()).toBe('Verified against the directory’s signed record: 52 awards, 0.288 credits — all match.');
    expect(tone()).toBe('ok');
    expect(card().queryByTestId('verification-unchecked')).toBeNull();
  });

  it('says when the last check stopped before the end of a log that did not end, apart from what it verified', () => {
    publish(done({ stopped: { reason: 'no_progress', pages: 16 } }));
    render(<VerificationCard />);
    expect(sentence()).toBe('Verified against the directory’s signed record: 12 awards, 0.184 credits — all match.');
    expect(card().getByTestId('verification-stopped').textContent).toBe(
      'The directory’s log did not end: this check stopped after 16 pages, as page after page held none of this node’s awards; the next check goes on from there.',
    );
  });

  it('says what differs, lists the differing task with why, and reads the list again after the next check', async () => {
    provider.answer('listAwardDifferences', ok({ rows: [difference()], total: 1 }));
    publish(
      done({
        differences: [{ check: 'awarded_less', count: 1, credits: '0.004' }],
        waiting: { count: 2, credits: '0.02' },
      }),
    );
    render(<VerificationCard />);
    expect(sentence()).toBe(
      'Verified against the directory’s signed record: 12 awards, 0.184 credits; 1 task differs.',
    );
    expect(card().getByTestId('verification-differences').textContent).toBe('1 task: awarded less (0.004 credits).');
    expect(card().getByTestId('verification-waiting').textContent).toBe('2 claims are not awarded yet (0.02 credits).');

    const row = await card().findByTestId('award-difference');
    expect(row.getAttribute('data-check')).toBe('awarded_less');
    // The task id is the directory's text: quoted.
    expect(within(row).getByTestId('quoted').textContent).toBe('“task-7f3a”');
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[2]).toBe('0.012');
    expect(cells[3]).toBe('0.008');
    within(row).getByText(CHECK_WORDS.awarded_less.label);
    within(row).getByText(CHECK_WORDS.awarded_less.why);
    card().getByText('1 of 1 task shown, newest first.');
    expect(provider.requests('listAwardDifferences')).toEqual([{ limit: 50, offset: 0 }]);

    // A check that finished later: the list is read again.
    publish(
      done({ asOf: '2025-05-12T09:45:00.000Z', differences: [{ check: 'awarded_less', count: 1, credits: '0.004' }] }),
      2,
    );
    await waitFor(() => expect(provider.requests('listAwardDifferences')).toHaveLength(2));
  });

  it('pages the differing tasks 50 at a time', async () => {
    const user = userEvent.setup();
    const page = Array.from({ length: 50 }, (_, i) => difference({ taskId: `task-${i}`, seq: 900 - i }));
    provider.answer('listAwardDifferences', (request) =>
      ok(
        !request.offset
          ? { rows: page, total: 51 }
          : { rows: [difference({ taskId: 'task-old', check: 'not_in_log', signed: null, seq: null })], total: 51 },
      ),
    );
    publish(
      done({
        differences: [
          { check: 'awarded_less', count: 50, credits: '0.2' },
          { check: 'not_in_log', count: 1, credits: '0.01' },
        ],
      }),
    );
    render(<VerificationCard />);
    await card().findByText('50 of 51 tasks shown, newest first.');
    await user.click(card().getByRole('button', { name: 'Show 50 more' }));
    await card().findByText('51 of 51 tasks shown, newest first.');
    expect(provider.requests('listAwardDifferences')).toEqual([
      { limit: 50, offset: 0 },
      { limit: 50, offset: 50 },
    ]);
    const last = card().getAllByTestId('award-difference').at(-1)!;
    within(last).getByText(CHECK_WORDS.not_in_log.why);
    expect(card().queryByRole('button', { name: 'Show 50 more' })).toBeNull();
  });

  it('warns when the directory signs with another key, and trusts that key by its fingerprint after a confirmation', async () => {
    const user = userEvent.setup();
    provider.answer(
      'acceptDirectoryKey',
      ok(done({ key: { fingerprint: NEW_KEY, pinnedAt: CHECKED, changedTo: null } })),
    );
    publish(done({ key: { fingerprint: OLD_KEY, pinnedAt: AT, changedTo: NEW_KEY } }));
    render(<VerificationCard />);
    expect(sentence()).toBe(
      'Verified against the directory’s signed record: 12 awards, 0.184 credits; the record itself has problems.',
    );
    const alert = card().getByRole('alert');
    expect(within(alert).getByTestId('verification-warning').textContent).toBe(
      `The directory now signs with a different key (${NEW_KEY}) than the one this node trusted (${OLD_KEY}); awards signed with it are not counted until you accept it.`,
    );

    await user.click(within(alert).getByRole('button', { name: 'Trust the new key' }));
    const confirm = within(alert).getByRole('group', { name: 'Trust the directory’s new key?' });
    expect(provider.requests('acceptDirectoryKey')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Yes, trust the new key' }));
    await waitFor(() => expect(card().queryByRole('alert')).toBeNull());
    expect(provider.requests('acceptDirectoryKey')).toEqual([{ fingerprint: NEW_KEY }]);
    expect(sentence()).toMatch(/— all match\.$/);
  });

  it('says every problem of the record itself', () => {
    publish(done({ log: { badSignatures: 2, chainBreaks: 1, rewritten: true } }));
    render(<VerificationCard />);
    const warnings = within(card().getByRole('alert'))
      .getAllByTestId('verification-warning')
      .map((w) => w.textContent);
    expect(warnings).toEqual([
      'The directory’s signed record changed after this node verified it: events it had already checked are now different.',
      'The signed record’s chain is broken in 1 place: events were removed, reordered or changed.',
      '2 events have an invalid signature in the directory’s record.',
    ]);
  });

  it('"Verify now" reads the record again, says how far it got, and takes the answer', async () => {
    const user = userEvent.setup();
    const answer = later<ReturnType<typeof ok<VerificationInfo>>>();
    provider.answer('verifyEarnings', () => answer.promise);
    publish(done());
    render(<VerificationCard />);
    const verify = card().getByRole('button', { name: 'Verify now' });
    await user.click(verify);
    expect(provider.requests('verifyEarnings')).toEqual([{}]);
    expect(verify.textContent).toBe('Reading the record…');
    expect(verify.getAttribute('aria-disabled')).toBe('true');

    // The engine publishes its progress while it reads.
    publish(done({ state: 'reading', progress: 250 }), 2);
    expect(card().getByTestId('verification-progress').textContent).toBe('Checking again: 250 events read so far.');
    await user.click(verify);
    expect(provider.requests('verifyEarnings')).toHaveLength(1);

    await act(async () =>
      answer.resolve(ok(done({ asOf: '2025-05-12T09:50:00.000Z', verified: { count: 13, credits: '0.2' } }))),
    );
    expect(verify.textContent).toBe('Verify now');
    expect(verify.hasAttribute('aria-disabled')).toBe(false);
    expect(sentence()).toBe('Verified against the directory’s signed record: 13 awards, 0.2 credits — all match.');
  });

  it('before the first check, says so; while it reads, the sentence counts the events', () => {
    publish(verification({ state: 'never' }));
    const { rerender } = render(<VerificationCard />);
    expect(sentence()).toBe('Awards have not been checked against the directory’s signed record yet.');
    publish(verification({ state: 'reading', progress: 1200 }), 2);
    rerender(<VerificationCard />);
    expect(sentence()).toBe('Checking the directory’s signed record: 1,200 events so far.');
    expect(card().getByRole('button', { name: 'Reading the record…' }).getAttribute('aria-disabled')).toBe('true');
  });
});

/**
 * The check against the directory's signed record, in German: the card's title, its times and counts, "Verify now"
 * and the table of tasks that differ say their words in German, and none of their English is left.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VerificationCard } from '@renderer/pages/earnings/VerificationCard';
import { useProviderStore } from '@renderer/store';
import { AT, connectedTo, snapshot, verification } from '../../support/fixtures';
import { ok, provider } from '../../support/provider';

const CHECKED = '2025-05-12T09:30:00.000Z';

beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
});

describe('the check of the signed record in German', () => {
  it('says the card and the differing tasks in German', async () => {
    const v = verification({
      state: 'done',
      asOf: CHECKED,
      lastSeq: 5000,
      eventsChecked: 5000,
      verified: { count: 12, credits: '0.184' },
      key: { fingerprint: '0123456789abcdef', pinnedAt: AT, changedTo: null },
      differences: [{ check: 'awarded_less', count: 1, credits: '0.004' }],
    });
    const base = snapshot();
    connectedTo({ ...base, earnings: { ...base.earnings, verification: v } });
    useProviderStore.setState({ language: 'de' });
    provider.answer(
      'listAwardDifferences',
      ok({
        rows: [{ check: 'awarded_less', taskId: 'task-7f3a', at: AT, claimed: null, signed: '0.008', seq: 4810 }],
        total: 1,
      }),
    );
    render(<VerificationCard />);
    const card = within(screen.getByRole('region', { name: 'Geprüft am signierten Protokoll des Verzeichnisses' }));
    card.getByRole('button', { name: 'Jetzt prüfen' });
    expect(card.getByTestId('verification-checked-at').textContent).toMatch(/^Geprüft um .+\.$/);
    const asOf = card.getByTestId('verification-asof').textContent ?? '';
    expect(asOf).toContain('Insgesamt 5.000 Ereignisse des Protokolls gelesen.');
    expect(asOf).toContain('Schlüssel des Verzeichnisses 0123456789abcdef, vertraut seit');
    await card.findByText('Abweichende Aufgaben');
    card.getByRole('columnheader', { name: 'Signierte Gutschrift' });
    card.getByText('nicht beansprucht');
    const text = document.body.textContent ?? '';
    for (const english of [
      'Checked at',
      'Verify now',
      'of the record read in all',
      'Directory key',
      'Tasks that differ',
      'not claimed',
      'Signed award',
    ]) {
      expect(text).not.toContain(english);
    }
  });
});

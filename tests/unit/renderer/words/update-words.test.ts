/**
 * What the Settings page says about the app's self-update, state by state.
 */
import { describe, expect, it } from 'vitest';
import { UPDATE_STATES, type UpdateState, type UpdateStatus } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { checkTime, lastCheckWords, nextCheckWords, updateStateWords } from '@renderer/words/update-words';

const status = (patch: Partial<UpdateStatus> = {}): UpdateStatus => ({
  supported: true,
  reason: null,
  currentVersion: '1.1.0',
  autoCheck: true,
  state: 'idle',
  lastCheckAt: '2026-03-01T14:02:00.000Z',
  nextCheckAt: '2026-03-01T20:02:00.000Z',
  available: null,
  downloadPercent: null,
  consented: false,
  message: null,
  ...patch,
});
const ready = { version: '1.2.0', releaseDate: null };
/** A stand-in for the clock format, so the words do not depend on this machine's locale. */
const time = (iso: string) => `<${iso.slice(11, 16)}>`;

describe('the update’s state in words', () => {
  const words: Record<UpdateState, [Partial<UpdateStatus>, number, string][]> = {
    idle: [
      [{}, 0, 'Up to date: 1.1.0 is the latest version.'],
      [{ lastCheckAt: null }, 0, 'The app has not looked for updates yet.'],
    ],
    checking: [[{}, 0, 'Looking for updates…']],
    downloading: [
      [{ available: ready, downloadPercent: 42 }, 0, 'Downloading version 1.2.0: 42%'],
      [{ available: ready, downloadPercent: null }, 0, 'Downloading version 1.2.0: 0%'],
    ],
    downloaded: [[{ available: ready }, 3, 'Version 1.2.0 is ready to install.']],
    waiting_for_tasks: [
      [
        { available: ready, consented: true },
        1,
        'Waiting for 1 running task to finish, then 1.2.0 is installed and the app restarts.',
      ],
      [
        { available: ready, consented: true },
        3,
        'Waiting for 3 running tasks to finish, then 1.2.0 is installed and the app restarts.',
      ],
      [{ available: ready, consented: true }, 0, 'Installing 1.2.0: the app restarts in a moment.'],
    ],
    installing: [[{ available: ready, consented: true }, 0, 'Installing 1.2.0: the app restarts in a moment.']],
    error: [
      [
        { message: said('settings.updates.error.offline') },
        0,
        'The update server could not be reached. Is this computer online?',
      ],
      [{ message: null }, 0, 'Something went wrong with the update.'],
    ],
  };

  it('has words for every state the contract knows', () => {
    expect(Object.keys(words).sort()).toEqual([...UPDATE_STATES].sort());
  });

  for (const [state, cases] of Object.entries(words) as [UpdateState, (typeof words)[UpdateState]][]) {
    it.each(cases)(`${state}: %o with %i running task(s)`, (patch, running, expected) => {
      expect(updateStateWords(status({ state, ...patch }), running)).toBe(expected);
    });
  }
});

describe('when the app looked, and looks next', () => {
  it('says the last check’s time, or that there was none', () => {
    expect(lastCheckWords('2026-03-01T14:02:00.000Z', time)).toBe('Last checked <14:02>');
    expect(lastCheckWords(null, time)).toBe('Not checked yet');
  });

  it('says the next check only while automatic checks run', () => {
    expect(nextCheckWords(status(), time)).toBe('Next check <20:02>');
    expect(nextCheckWords(status({ autoCheck: false, nextCheckAt: null }), time)).toBeNull();
    expect(nextCheckWords(status({ nextCheckAt: null }), time)).toBeNull();
  });

  it('shows a check of today as a time alone, and an older one with its day', () => {
    const now = new Date(2026, 2, 1, 18, 0);
    const today = checkTime(new Date(2026, 2, 1, 14, 2).toISOString(), now, 'en-GB');
    const earlier = checkTime(new Date(2026, 1, 27, 14, 2).toISOString(), now, 'en-GB');
    expect(today).toBe('14:02');
    expect(earlier).toMatch(/14.02/);
    expect(earlier).toMatch(/27/);
    // The locale's own hour cycle, as everywhere else in the app.
    expect(checkTime(new Date(2026, 2, 1, 14, 2).toISOString(), now, 'en-US')).toBe('2:02 PM');
  });
});

/**
 * The notices about the person's machines say what the fleet says (the same sentences its webhook sends), in the
 * page's language, and their words fit a machine with availability windows and one meant to be on all the time.
 */
import { describe, expect, it } from 'vitest';
import { noticeWords } from '@engine/notices/notice-words';
import { createSay, english } from '@shared/i18n/say';
import { machineBackSaid, machineBackWords, machineDownSaid, machineDownWords } from '@shared/words/fleet-words';

const german = createSay('de', 'de-DE');
const OUTAGE = { downs: 3, spanMs: 12 * 60_000, upMs: 5 * 60_000 };

describe('notice words of a machine', () => {
  it('are the fleet’s sentences: the notice and the webhook say the same', () => {
    const down = noticeWords('machine_down', { machine: 'Attic PC' });
    expect(down).toEqual(machineDownSaid('Attic PC'));
    expect({ title: english.said(down.title), body: english.said(down.body) }).toEqual(machineDownWords('Attic PC'));
    const back = noticeWords('machine_back', { machine: 'Attic PC', outage: OUTAGE });
    expect(back).toEqual(machineBackSaid('Attic PC', OUTAGE));
    expect({ title: english.said(back.title), body: english.said(back.body) }).toEqual(
      machineBackWords('Attic PC', OUTAGE),
    );
  });

  it('say "down" without naming an availability window, which a machine without windows does not have', () => {
    const down = noticeWords('machine_down', { machine: 'Attic PC' });
    expect(english.said(down.body)).toBe(
      'It stopped answering at a time it is meant to be on. The Machines page shows what is known of it.',
    );
    expect(german.said(down.body)).not.toMatch(/Zeitfenster/);
  });

  it('are German on a German page, and name "one of your machines" when the name cleans to nothing', () => {
    expect(german.said(noticeWords('machine_down', { machine: 'Attic PC' }).title)).toBe('„Attic PC“ ist ausgefallen');
    expect(german.said(noticeWords('machine_back', { machine: 'Attic PC', outage: OUTAGE }).body)).toBe(
      'Er ist in 12 Minuten 3 Mal ausgefallen. Er antwortet seit 5 Minuten.',
    );
    expect(english.said(noticeWords('machine_down', { machine: '\u202e\u0007' }).title)).toBe(
      'One of your machines is down',
    );
    expect(german.said(noticeWords('machine_back', {}).title)).toBe('Einer Ihrer Rechner ist wieder da');
  });
});

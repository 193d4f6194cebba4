/**
 * One idea, one phrase: the time a machine's schedule keeps it from the network is "outside your (its) availability
 * windows" on every page, in the tray and the CLI, and "außerhalb der Zeitfenster Ihrer (seiner) Verfügbarkeit" in
 * German. The words a tour found saying the same thing otherwise are gone from both catalogues.
 */
import { describe, expect, it } from 'vitest';
import { en } from '@shared/i18n/catalogue/en';
import { de } from '@shared/i18n/catalogue/de';

const OTHER_ENGLISH = [/sharing hours/i, /availability hours/i, /outside your hours/i, /by its schedule/i];
const OTHER_GERMAN = [
  /Freigabezeit/i,
  /Verfügbarkeitszeit/i,
  /Laut Zeitplan (ein|aus)geschaltet/i,
  /außerhalb Ihrer Zeiten/i,
];

describe('the phrase for the time outside the schedule', () => {
  it('is the same on the Dashboard, Availability, Machines and in the reasons', () => {
    for (const id of ['status.outside.title', 'status.reason.outside', 'availability.now.outsideUntil'] as const)
      expect(en[id]).toMatch(/^Outside your availability windows\b/);
    for (const id of ['fleet.window.off', 'fleet.window.offUntil'] as const)
      expect(en[id]).toMatch(/^Outside its availability windows\b/);
    for (const id of ['status.outside.title', 'status.reason.outside', 'availability.now.outsideUntil'] as const)
      expect(de[id]).toMatch(/^Außerhalb der Zeitfenster Ihrer Verfügbarkeit\b/);
    for (const id of ['fleet.window.off', 'fleet.window.offUntil'] as const)
      expect(de[id]).toMatch(/^Außerhalb der Zeitfenster seiner Verfügbarkeit\b/);
  });

  it('has no second wording left in either language', () => {
    const english = Object.entries(en).filter(([, m]) => OTHER_ENGLISH.some((r) => r.test(m)));
    const german = Object.entries(de).filter(([, m]) => OTHER_GERMAN.some((r) => r.test(m)));
    expect(english.map(([id]) => id)).toEqual([]);
    expect(german.map(([id]) => id)).toEqual([]);
  });
});

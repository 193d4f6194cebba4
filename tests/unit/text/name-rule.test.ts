/**
 * The one rule for names the person gives: two names that look alike are one name (compatibility forms, composed and
 * decomposed accents, no-break and zero-width spaces, case), and a name must show a letter or a digit. The contract's
 * name schemas (operator, machine, this computer's display name) all use it.
 */
import { describe, expect, it } from 'vitest';
import { MachineName, SettingsSchema } from '@shared/contract';
import { OperatorDisplayName } from '@shared/contract/operator';
import { hasVisibleLetterOrDigit, NAME_MAX, nameKey, sameName } from '@shared/text/name-rule';

const CAFE = 'Café Box';

/** Copies of "Café Box" a reader cannot tell from it. */
const LOOKALIKES = {
  decomposed: 'Cafe\u0301 Box',
  fullwidth: '\uff23\uff41\uff46\u00e9 \uff22\uff4f\uff58',
  noBreakSpace: 'Café\u00a0Box',
  zeroWidth: 'Ca\u200bfé Box',
  wordJoiner: 'Café\u2060 Box',
  upperCase: 'CAFÉ BOX',
  doubleSpace: '  Café   Box ',
  ideographicSpace: 'Café\u3000Box',
};

describe('names that look alike are one name', () => {
  it.each(Object.entries(LOOKALIKES))('%s', (_, copy) => {
    expect(copy).not.toBe(CAFE);
    expect(sameName(copy, CAFE)).toBe(true);
    expect(nameKey(copy)).toBe(nameKey(CAFE));
  });

  it('folds case beyond lower case (ß and SS), and keeps different names apart', () => {
    expect(sameName('Straße', 'STRASSE')).toBe(true);
    expect(sameName(CAFE, 'Cafe Box')).toBe(false);
    expect(sameName(CAFE, 'Café Box 2')).toBe(false);
    expect(sameName('Attic', 'Attic PC')).toBe(false);
  });
});

describe('a name must show a letter or a digit', () => {
  const invisible = ['\u0301\u0301\u0301', '\u0300\u0301\u0302', '\u00a0', '\u200b\u200b', '...', '—', '🔥'];
  it.each(invisible.map((n) => [JSON.stringify(n), n]))('%s is no name', (_, name) => {
    expect(hasVisibleLetterOrDigit(name)).toBe(false);
  });

  it('takes names in any script, and digits', () => {
    for (const name of ['Attic', 'Büro', '屋根裏', 'Мастерская', 'PC 2', '42'])
      expect(hasVisibleLetterOrDigit(name), name).toBe(true);
  });

  it("is the contract's rule for the operator, machine and display names", () => {
    const schemas = { MachineName, OperatorDisplayName, displayName: SettingsSchema.shape.displayName };
    for (const [label, schema] of Object.entries(schemas)) {
      for (const name of invisible) {
        const r = schema.safeParse(name);
        expect(r.success, `${label} ${JSON.stringify(name)}`).toBe(false);
      }
      // Zero-width and bidi characters are refused outright, not kept inside a name.
      expect(schema.safeParse('Ca\u200bfé').success, label).toBe(false);
      expect(schema.safeParse('Attic\u202e').success, label).toBe(false);
      expect(schema.safeParse('Café Box').success, label).toBe(true);
    }
    const r = MachineName.safeParse('\u0301\u0301\u0301');
    expect(r.success ? null : r.error.issues[0]?.message).toBe('use at least one letter or digit');
  });
});

describe('one limit for every name', () => {
  const schemas = { MachineName, OperatorDisplayName, displayName: SettingsSchema.shape.displayName };

  it("is the directory's cap for an operator name, 64 characters", () => {
    expect(NAME_MAX).toBe(64);
  });

  it('takes a name of the limit everywhere and refuses one longer everywhere', () => {
    const atLimit = 'Workshop PC '.padEnd(NAME_MAX, 'x');
    for (const [label, schema] of Object.entries(schemas)) {
      // A 49-character name was a valid display name in Settings and refused by the Machines page's rename.
      expect(schema.safeParse('x'.repeat(49)).success, `${label} 49`).toBe(true);
      expect(schema.safeParse(atLimit).success, `${label} at the limit`).toBe(true);
      const over = schema.safeParse(`${atLimit}y`);
      expect(over.success ? null : over.error.issues[0]?.message, `${label} over`).toBe(
        `use at most ${NAME_MAX} characters`,
      );
    }
  });
});

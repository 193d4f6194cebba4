import { describe, expect, it } from 'vitest';
import { englishLeft, englishOnlyWords } from '../../support/english-left';

describe('English left on a German page', () => {
  it('finds a word only the English catalogue uses', () => {
    expect(englishOnlyWords().has('cancel')).toBe(true);
    expect(englishLeft(['Speichern', 'Cancel'])).toEqual(['Cancel in “Cancel”']);
  });

  it('lets German words, quoted foreign text, addresses and given names through', () => {
    expect(
      englishLeft(
        [
          'Abbrechen und speichern',
          'Modell „Cancel this“ fehlt',
          'Cancel-Bot läuft',
          'Verzeichnis https://cancel.example/save',
          'urn:iicp:intent:llm:save:v1',
          'Zone America/New York',
          'My Cancel node',
        ],
        ['Cancel-Bot', 'Cancel', 'My Cancel node'],
      ),
    ).toEqual([]);
  });
});

/**
 * The owner-first watcher's words follow the page's language: the currency names of the currency select and the
 * GPU figures' names are said in German when the page speaks German, and in English otherwise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { speakWith } from '@shared/i18n/current';
import { createSay, english } from '@shared/i18n/say';
import { currencyOptions, gpuFigures, watchSentences } from '@renderer/words/watch-words';

afterEach(() => speakWith(() => english));

const gpu = {
  utilizationPct: 40,
  memoryUsedMiB: 3072,
  memoryTotalMiB: 8192,
  powerW: 120,
  temperatureC: 61,
} as Parameters<typeof gpuFigures>[0];

describe('watch words', () => {
  it('names the currencies in the page’s language', () => {
    expect(currencyOptions('EUR').find((o) => o.value === 'USD')!.label).toBe('USD (US Dollar)');
    speakWith(() => createSay('de', 'de-DE'));
    expect(currencyOptions('EUR').find((o) => o.value === 'USD')!.label).toBe('USD (US-Dollar)');
  });

  it('says the GPU figures and what the app can watch in German', () => {
    speakWith(() => createSay('de', 'de-DE'));
    expect(gpuFigures(gpu).map((f) => f.label)).toEqual(['Auslastung', 'Speicher', 'Leistung', 'Temperatur']);
    const owner = {
      supported: { gpu: true, programs: false, fullscreen: true },
      gpuTool: 'windows-counters',
    } as Parameters<typeof watchSentences>[0];
    expect(watchSentences(owner).map((s) => s.text)).toEqual([
      'Die App liest Ihre GPU mit den GPU-Leistungsindikatoren von Windows aus und sieht so andere Programme auf der GPU.',
      'Dieser Computer lässt die App nicht sehen, welche Programme laufen, daher kann Ihre Programmliste den Knoten nicht pausieren.',
      'Die App erkennt, wenn eine App den Bildschirm füllt.',
    ]);
  });
});

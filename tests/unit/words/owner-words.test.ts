/**
 * The owner's sentence the engine carries (the availability's reason while it yields) is a sentence by id, so a page in
 * German says it in German while the English reads as it always did.
 */
import { describe, expect, it } from 'vitest';
import type { OwnerInfo } from '@shared/contract';
import { createSay, english } from '@shared/i18n/say';
import { ownerSaid, ownerSentence } from '@shared/words/owner-words';
import { snapshotWith } from '../app/snapshots';

const german = createSay('de', 'de-DE');

function yielding(): OwnerInfo {
  const base = snapshotWith().availability.owner;
  return {
    ...base,
    phase: 'yielding',
    trigger: { kind: 'gpu_program', name: 'Cyberpunk2077.exe' },
    cooldownSeconds: 120,
  };
}

describe('the owner sentence as the engine carries it', () => {
  it('is a sentence by id, English as before and German for a German page', () => {
    const s = ownerSaid(yielding(), () => '18:02');
    expect(s).not.toBeNull();
    expect(typeof s).toBe('object');
    expect(english.said(s!)).toBe('Paused while you use the GPU (“Cyberpunk2077.exe”) — back 2 min after you stop');
    const de = german.said(s!);
    expect(de).toMatch(
      /^Pausiert, während Sie die GPU nutzen \(„Cyberpunk2077\.exe“\) – zurück 2 Min\., nachdem Sie aufhören$/,
    );
    expect(de).not.toMatch(/Paused|while you use|after you stop/);
    expect(ownerSentence(yielding(), () => '18:02')).toBe(english.said(s!));
  });

  it('a cooldown with a time names it in the sentence each language makes', () => {
    const o: OwnerInfo = { ...yielding(), phase: 'cooling', resumeAt: '2026-11-25T18:02:00Z' };
    const s = ownerSaid(o, () => '19:02')!;
    expect(english.said(s)).toBe('Paused for your own use — back at 19:02');
    expect(german.said(s)).toBe('Pausiert für Ihren Eigenbedarf – zurück um 19:02');
  });

  it('says nothing while the node serves', () => {
    expect(ownerSaid({ ...yielding(), phase: 'serving' }, () => '')).toBeNull();
  });
});

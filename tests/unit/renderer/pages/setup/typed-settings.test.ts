/**
 * The settings typed in the wizard's steps 3 and 4: read against what is stored, shown as they will be after "Start
 * my node", never sent for a setting fixed for this run, and a value that does not read named with its step.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { afterStart, typedBlock, typedDraft, typedText } from '@renderer/pages/setup/typed-settings';

const stored = {
  ...DEFAULT_SETTINGS,
  directoryUrl: 'https://iicp.network/api',
  maxConcurrent: 2,
  publicEndpoint: null,
};
const NONE: ReadonlySet<string> = new Set();

describe('typed settings', () => {
  it('come to the change "Start my node" sends, and the settings as they will be', () => {
    const draft = typedDraft(
      { publicEndpoint: ' https://node.example.net ', maxConcurrent: '3', directoryUrl: 'https://iicp.network/api' },
      stored,
      NONE,
    );
    expect(draft).toEqual({ patch: { publicEndpoint: 'https://node.example.net', maxConcurrent: 3 }, errors: {} });
    expect(afterStart(draft, stored)).toMatchObject({
      publicEndpoint: 'https://node.example.net',
      maxConcurrent: 3,
      directoryUrl: 'https://iicp.network/api',
    });
    expect(typedBlock(draft)).toBeNull();
  });

  it('send nothing when nothing was typed, and show what is stored', () => {
    expect(typedDraft({}, stored, NONE)).toEqual({ patch: {}, errors: {} });
    expect(typedText({}, stored, NONE, 'maxConcurrent')).toBe('2');
    expect(typedText({}, stored, NONE, 'publicEndpoint')).toBe('');
  });

  it('never send a setting fixed for this run, whatever was typed', () => {
    const fixed = new Set(['publicEndpoint']);
    expect(
      typedDraft(
        { publicEndpoint: 'https://other.example.net' },
        { ...stored, publicEndpoint: 'https://fixed.example.net' },
        fixed,
      ).patch,
    ).toEqual({});
    expect(
      typedText(
        { publicEndpoint: 'https://other.example.net' },
        { ...stored, publicEndpoint: 'https://fixed.example.net' },
        fixed,
        'publicEndpoint',
      ),
    ).toBe('https://fixed.example.net');
  });

  it('name the first value that does not read, with the step to correct it in', () => {
    expect(typedBlock(typedDraft({ maxConcurrent: '65' }, stored, NONE))).toBe(
      'Correct the number of tasks at once in step 4 first.',
    );
    expect(typedBlock(typedDraft({ directoryUrl: '', publicEndpoint: 'node.example' }, stored, NONE))).toBe(
      'Correct the public URL in step 3 first.',
    );
  });
});

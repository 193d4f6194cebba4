/**
 * A settings form's draft, read against what is saved, and the host's refusal in the form's terms: the pure part of
 * useSettingsForm, shared by Settings, Pricing, the Network page's manual form and the setup wizard's steps.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type ContractErrorBody } from '@shared/contract';
import {
  asIs,
  boxedProblems,
  changes,
  isDirty,
  readDraft,
  refusalByField,
  refusalWords,
  withoutSent,
} from '@renderer/lib/settings-draft';
import { parsePublicUrl } from '@renderer/lib/addresses';

const saved = { ...DEFAULT_SETTINGS, publicEndpoint: 'https://node.example.net', excludedModels: ['a'] };
const readers = { publicEndpoint: parsePublicUrl, portMapping: asIs };

const refusal = (
  issues: ContractErrorBody['issues'],
  code: ContractErrorBody['code'] = 'invalid_request',
): ContractErrorBody => ({
  code,
  message: 'The request was refused.',
  ...(issues ? { issues } : {}),
});

describe('reading a draft', () => {
  it('sends only what differs from what is saved, comparing lists by their contents', () => {
    expect(changes({ excludedModels: ['a'], maxTokens: saved.maxTokens, publicEndpoint: null }, saved)).toEqual({
      publicEndpoint: null,
    });
    expect(changes({ excludedModels: ['a', 'b'] }, saved)).toEqual({ excludedModels: ['a', 'b'] });
  });

  it('never sends a field fixed for this run', () => {
    expect(changes({ publicEndpoint: null, maxTokens: 1 }, saved, new Set(['publicEndpoint']))).toEqual({
      maxTokens: 1,
    });
  });

  it('reads each field through its reader: a problem by field, a value only where it changed', () => {
    expect(readDraft({ publicEndpoint: ' https://node.example.net ', portMapping: 'off' }, readers, saved)).toEqual({
      patch: { portMapping: 'off' },
      errors: {},
    });
    const draft = readDraft({ publicEndpoint: 'ftp://x', portMapping: saved.portMapping }, readers, saved);
    expect(draft.patch).toEqual({});
    expect(draft.errors).toEqual({ publicEndpoint: 'The address must start with http:// or https://.' });
  });

  it('neither reads nor sends a fixed field, so what the host set cannot be refused here', () => {
    expect(
      readDraft({ publicEndpoint: 'ftp://x', portMapping: 'off' }, readers, saved, new Set(['publicEndpoint'])),
    ).toEqual({ patch: { portMapping: 'off' }, errors: {} });
  });

  it('has something to undo while a field differs or has a problem', () => {
    expect(isDirty({ patch: {}, errors: {} })).toBe(false);
    expect(isDirty({ patch: { maxTokens: 1 }, errors: {} })).toBe(true);
    expect(isDirty({ patch: {}, errors: { maxTokens: 'Too big.' } })).toBe(true);
  });
});

describe('the host refusing a change', () => {
  const fields = ['publicEndpoint', 'portMapping'] as const;

  it('marks each field it names, in the settings words, and keeps its problems with anything else', () => {
    const found = refusalByField(
      refusal([
        { path: 'publicEndpoint', message: 'Invalid URL', code: 'invalid_format' },
        { path: 'publicEndpoint', message: 'second' },
        { path: 'taskPort', message: 'Port taken.' },
      ]),
      fields,
    );
    expect(found.fields).toEqual({
      publicEndpoint: 'Enter a full address starting with https:// or http://, or leave it empty.',
    });
    expect(found.other).toEqual(['Port taken.']);
  });

  it('names fields only in an invalid_request answer', () => {
    expect(refusalByField(refusal([{ path: 'portMapping', message: 'No.' }], 'store_error'), fields).fields).toEqual(
      {},
    );
  });

  it('says to correct the marked field, the other problems, or else what the host said', () => {
    const error = refusal(undefined, 'store_error');
    expect(refusalWords({ fields: { a: 'x' }, other: ['Port taken.'] }, error, 'Correct it.')).toEqual([
      'Correct it.',
      'Port taken.',
    ]);
    expect(refusalWords({ fields: {}, other: [] }, error, 'Correct it.')).toEqual([
      'Nothing was saved: The request was refused.',
    ]);
  });

  it('shows a form’s own problems at the fields and says so under it', () => {
    const ways = boxedProblems(fields, { invalid: 'Fix it first.', marked: 'Fix the marked field.' });
    expect(ways.invalid({ publicEndpoint: 'Bad.' })).toEqual({
      fields: { publicEndpoint: 'Bad.' },
      failed: ['Fix it first.'],
    });
    expect(ways.refused(refusal([{ path: 'portMapping', message: 'No.' }]))).toEqual({
      fields: { portMapping: 'No.' },
      failed: ['Fix the marked field.'],
    });
    expect(ways.refused(refusal(undefined, 'store_error'))).toEqual({
      fields: {},
      failed: ['Nothing was saved: The request was refused.'],
    });
  });
});

describe('a kept draft after a save', () => {
  it('drops the edits that were sent as they were sent, and keeps one changed or made while the save was on its way', () => {
    const sent = { displayName: 'Study PC', excludedModels: ['a'] };
    const now = { displayName: 'Study PC', excludedModels: ['a'], maxConcurrent: '5' };
    expect(withoutSent(now, sent)).toEqual({ maxConcurrent: '5' });
    expect(withoutSent({ displayName: 'Study', excludedModels: ['a', 'b'] }, sent)).toEqual({
      displayName: 'Study',
      excludedModels: ['a', 'b'],
    });
    expect(withoutSent({}, sent)).toEqual({});
  });
});

/**
 * The settings form's problems in people's words: every field of the form, every kind of problem its schema can find,
 * through the renderer's own check (`readForm`) and through the host's refusal (`hostProblems`), with one table.
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type CommandHandlers } from '@shared/contract/dispatch';
import { DEFAULT_SETTINGS, type ContractErrorBody, type Settings } from '@shared/contract';
import { readForm, toFormValues, type FormValues } from '@renderer/pages/settings/settings-form';
import {
  FORM_FIELDS,
  hostProblems,
  humanMessage,
  SETTINGS_MESSAGES,
  type FormField,
} from '@renderer/words/settings-messages';

const saved: Settings = { ...DEFAULT_SETTINGS, backendUrl: 'http://127.0.0.1:11434' };
const LONG_URL = `https://example.net/${'a'.repeat(2050)}`;
/** The validator's own phrases, which must never reach a person. */
const VALIDATOR_WORDING =
  /Too small|Too big|expected|Invalid (input|URL)|received|>=|<=|must start with a letter, then/;

/** One typed value per field and kind of problem, with the sentence the form must show for it. */
const CASES: { field: FormField; typed: string | string[]; message: string }[] = [
  { field: 'displayName', typed: '   ', message: 'Enter a name for your node.' },
  { field: 'displayName', typed: 'n'.repeat(65), message: 'A name can be at most 64 characters long.' },
  { field: 'region', typed: '', message: 'Enter a region, for example eu-west.' },
  { field: 'region', typed: 'r'.repeat(65), message: 'A region can be at most 64 characters long.' },
  {
    field: 'region',
    typed: '9lives',
    message: 'A region starts with a letter and uses only letters, digits, - and _.',
  },
  {
    field: 'region',
    typed: 'eu west',
    message: 'A region starts with a letter and uses only letters, digits, - and _.',
  },
  {
    field: 'backendUrl',
    typed: 'my server',
    message: 'Enter the server’s address, such as http://127.0.0.1:11434, or leave it empty.',
  },
  {
    field: 'backendUrl',
    typed: 'ftp://127.0.0.1',
    message: 'Enter the server’s address, such as http://127.0.0.1:11434, or leave it empty.',
  },
  { field: 'backendUrl', typed: LONG_URL, message: 'This address is too long (at most 2,048 characters).' },
  {
    field: 'excludedModels',
    typed: Array.from({ length: 257 }, (_, i) => `m${i}`),
    message: 'At most 256 models can be kept private.',
  },
  { field: 'excludedModels', typed: ['m'.repeat(256)], message: 'A model name can be at most 255 characters long.' },
  { field: 'defaultModel', typed: 'm'.repeat(256), message: 'A model name can be at most 255 characters long.' },
  { field: 'directoryUrl', typed: '', message: 'Enter the directory’s address, starting with https:// or http://.' },
  {
    field: 'directoryUrl',
    typed: 'ftp://directory.example.net',
    message: 'Enter the directory’s address, starting with https:// or http://.',
  },
  { field: 'directoryUrl', typed: LONG_URL, message: 'This address is too long (at most 2,048 characters).' },
  { field: 'taskPort', typed: '80', message: 'Use a port between 1024 and 65535.' },
  { field: 'taskPort', typed: '70000', message: 'Use a port between 1024 and 65535.' },
  { field: 'taskPort', typed: 'eighty', message: 'Use a port between 1024 and 65535.' },
  { field: 'taskPort', typed: '', message: 'Use a port between 1024 and 65535.' },
  {
    field: 'publicEndpoint',
    typed: 'my-node.example.net',
    message: 'Enter a full address starting with https:// or http://, or leave it empty.',
  },
  { field: 'publicEndpoint', typed: LONG_URL, message: 'This address is too long (at most 2,048 characters).' },
  {
    field: 'trustedProxies',
    typed: '127.0.0.1, my-proxy',
    message: 'Each entry is an IP address, such as 192.0.2.10, or a range, such as 192.0.2.0/24.',
  },
  {
    field: 'trustedProxies',
    typed: '10.0.0.0/33',
    message: 'Each entry is an IP address, such as 192.0.2.10, or a range, such as 192.0.2.0/24.',
  },
  {
    field: 'trustedProxies',
    typed: Array.from({ length: 33 }, (_, i) => `10.0.0.${i + 1}`).join(', '),
    message: 'At most 32 proxies can be trusted.',
  },
  { field: 'maxConcurrent', typed: '-3', message: 'Tasks at once must be a whole number from 1 to 64.' },
  { field: 'maxConcurrent', typed: '65', message: 'Tasks at once must be a whole number from 1 to 64.' },
  { field: 'maxConcurrent', typed: '2.5', message: 'Tasks at once must be a whole number from 1 to 64.' },
  { field: 'maxTokens', typed: '0', message: 'Largest answer must be a whole number from 1 to 1,000,000.' },
  { field: 'maxTokens', typed: '1000001', message: 'Largest answer must be a whole number from 1 to 1,000,000.' },
  { field: 'tokensPerMin', typed: '0', message: 'Tokens per minute must be a whole number from 1 to 100,000,000.' },
  { field: 'tokensPerMin', typed: '1e9', message: 'Tokens per minute must be a whole number from 1 to 100,000,000.' },
];

const withTyped = (field: FormField, typed: string | string[]): FormValues => ({
  ...toFormValues(saved),
  [field]: typed,
});

/** What the host answers to a patch, through the real dispatcher and the contract's schema. */
async function hostRefusal(patch: Record<string, unknown>): Promise<ContractErrorBody> {
  const handlers = { updateSettings: () => saved } as unknown as CommandHandlers;
  const r = await createDispatcher(handlers)('updateSettings', patch);
  if (r.ok) throw new Error('the host accepted it');
  return r.error;
}

/** The value a typed text stands for in a patch the host judges (what the form would send). */
function asSent(field: FormField, typed: string | string[]): unknown {
  if (Array.isArray(typed)) return typed;
  if (field === 'trustedProxies') return typed.split(/[,\s]+/).filter(Boolean);
  if (['taskPort', 'maxConcurrent', 'maxTokens', 'tokensPerMin'].includes(field))
    return typed.trim() === '' ? null : Number(typed);
  return typed;
}

describe('settings problems in people’s words', () => {
  it('has a case for every field of the form (the completion check box through the host)', () => {
    expect(new Set([...CASES.map((c) => c.field), 'offerCompletion'])).toEqual(new Set(FORM_FIELDS));
  });

  it.each(CASES)('the form’s own check: $field = $typed → “$message”', ({ field, typed, message }) => {
    const { errors } = readForm(withTyped(field, typed), saved);
    expect(errors).toEqual({ [field]: message });
  });

  it.each(CASES.filter((c) => c.typed !== ''))(
    'the host’s refusal of $field = $typed says the same',
    async ({ field, typed, message }) => {
      const error = await hostRefusal({ [field]: asSent(field, typed) });
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.every((i) => typeof i.code === 'string')).toBe(true);
      expect(hostProblems(error).fields[field]).toBe(message);
    },
  );

  it('says a check box that is not on or off in words too', async () => {
    const error = await hostRefusal({ offerCompletion: 'yes' });
    expect(hostProblems(error).fields).toEqual({ offerCompletion: 'Choose whether to offer plain text completion.' });
  });

  it('finds every problem of the form in one pass, one per field', () => {
    const values = { ...toFormValues(saved), maxConcurrent: '-3', taskPort: '80', region: 'eu west' };
    const { errors, patch } = readForm(values, saved);
    expect(errors).toEqual({
      region: 'A region starts with a letter and uses only letters, digits, - and _.',
      taskPort: 'Use a port between 1024 and 65535.',
      maxConcurrent: 'Tasks at once must be a whole number from 1 to 64.',
    });
    expect(Object.keys(patch).sort()).toEqual(['maxConcurrent', 'region', 'taskPort']);
  });

  it('keeps the node’s own words for a problem it found itself (no issue code)', () => {
    const error: ContractErrorBody = {
      code: 'invalid_request',
      message: 'Some settings are fixed for this run by the host.',
      issues: [
        {
          path: 'region',
          message: 'Fixed for this run by a command-line flag or environment variable; change it there.',
        },
      ],
    };
    expect(hostProblems(error)).toEqual({
      fields: { region: 'Fixed for this run by a command-line flag or environment variable; change it there.' },
      other: [],
    });
  });

  it('never shows the validator’s wording, for any field or kind of problem', () => {
    for (const field of FORM_FIELDS) {
      for (const code of [
        'invalid_type',
        'too_small',
        'too_big',
        'invalid_format',
        'custom',
        'not_multiple_of',
        'unrecognized_keys',
        undefined,
      ]) {
        expect(humanMessage(field, field, code)).not.toMatch(VALIDATOR_WORDING);
      }
      for (const m of Object.values(SETTINGS_MESSAGES[field])) expect(m).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('sends only what changed, trimmed as the host stores it, and nothing when nothing changed', () => {
    expect(readForm(toFormValues(saved), saved)).toEqual({ patch: {}, errors: {} });
    const { patch } = readForm(
      {
        ...toFormValues(saved),
        displayName: '  Attic box ',
        publicEndpoint: ' https://node.example.net ',
        excludedModels: ['a', 'a', 'b'],
      },
      saved,
    );
    expect(patch).toEqual({
      displayName: 'Attic box',
      publicEndpoint: 'https://node.example.net',
      excludedModels: ['a', 'b'],
    });
  });

  it('judges a field the host fixed as it is saved, and never sends it', () => {
    const values = { ...toFormValues(saved), region: '9lives', maxTokens: '512' };
    expect(readForm(values, saved, new Set(['region']))).toEqual({ patch: { maxTokens: 512 }, errors: {} });
  });
});

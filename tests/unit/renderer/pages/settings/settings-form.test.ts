import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { readForm, toFormValues } from '@renderer/pages/settings/settings-form';

describe('the settings form', () => {
  it('turns the completion check box into a boolean patch, and sends nothing when it is unchanged', () => {
    const saved = { ...DEFAULT_SETTINGS };
    const values = toFormValues(saved);
    expect(values.offerCompletion).toBe('true');
    expect(readForm(values, saved).patch).toEqual({});
    expect(readForm({ ...values, offerCompletion: 'false' }, saved).patch).toEqual({ offerCompletion: false });
  });

  it('never sends a field the host fixed for this run', () => {
    const saved = { ...DEFAULT_SETTINGS };
    const values = { ...toFormValues(saved), offerCompletion: 'false', maxTokens: '512' };
    expect(readForm(values, saved, new Set(['offerCompletion'])).patch).toEqual({ maxTokens: 512 });
  });

  it('keeps the models kept private as a list, and an empty default model as none', () => {
    const saved = { ...DEFAULT_SETTINGS, excludedModels: ['llava:7b'], defaultModel: 'qwen2.5:7b' };
    const values = toFormValues(saved);
    expect(values.excludedModels).toEqual(['llava:7b']);
    expect(readForm({ ...values, excludedModels: [], defaultModel: '' }, saved).patch).toEqual({
      excludedModels: [],
      defaultModel: null,
    });
  });
});

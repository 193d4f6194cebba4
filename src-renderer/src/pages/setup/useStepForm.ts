import type { FormEvent } from 'react';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useSettingsForm } from '../../hooks/useSettingsForm';
import { readDraft, stepProblems, type Draft, type Readers } from '../../lib/settings-draft';
import type { StepNumber } from './wizard-logic';
import { useWizardParts, type TypedSetting } from './wizard-store';

/** Nothing to send while the settings are not loaded yet. */
const NOTHING: Draft<never> = { patch: {}, errors: {} };

/**
 * A wizard step's settings: what is typed (kept while the person moves between the steps; the stored value until
 * then, and always for a setting fixed for this run), read by `readers`, saved with "Next", then on to step `then`.
 * A refusal is marked at its field, or shown whole when it names none of them.
 */
export function useStepForm<F extends TypedSetting>(then: StepNumber, readers: Readers<Record<F, string>>) {
  const { settings, typed, setTyped, setSettings, goTo } = useWizardParts('settings', 'typed', 'setTyped', 'setSettings', 'goTo');
  const fixed = useFixedSettings();
  const fields = Object.keys(readers) as F[];
  const saved = Object.fromEntries(fields.map((f) => [f, settings?.[f] == null ? '' : String(settings[f])])) as Record<F, string>;

  const form = useSettingsForm<Record<F, string>>({
    saved,
    fixed,
    read: (values) => (settings ? readDraft(values, readers, settings, fixed) : NOTHING),
    draft: { values: Object.fromEntries(fields.map((f) => [f, typed[f] ?? saved[f]])) as Record<F, string>, set: setTyped },
    onSaved: (stored) => {
      setSettings(stored);
      goTo(then);
    },
    onUnchanged: () => goTo(then),
    problems: stepProblems(fields),
    merge: true,
  });

  /** "Next" (or Enter in a field): saves what changed and goes on; nothing happens before the settings are loaded. */
  const next = (event?: FormEvent) => {
    event?.preventDefault();
    if (settings) void form.submit();
  };

  return { ...form, settings, fixed, next };
}

import { useState, type FormEvent } from 'react';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import type { FieldErrors } from '../../lib/settings-draft';
import { typedDraft, typedText, type TypedSetting } from './typed-settings';
import type { StepNumber } from './wizard-logic';
import { useWizardParts } from './wizard-store';

/**
 * A wizard step's settings: what is typed (kept in the wizard's draft while the person moves between the steps; the
 * stored value until then, and always for a setting fixed for this run). "Next" only checks them and goes on to step
 * `then`; nothing is saved before "Start my node", as the last step says.
 */
export function useStepForm<F extends TypedSetting>(then: StepNumber, fields: readonly F[]) {
  const { settings, typed, setTyped, goTo } = useWizardParts('settings', 'typed', 'setTyped', 'goTo');
  const fixed = useFixedSettings();
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const values = Object.fromEntries(
    fields.map((f) => [f, settings ? typedText(typed, settings, fixed, f) : (typed[f] ?? '')]),
  ) as Record<F, string>;

  /** A field was edited: it is kept in the draft, and its problem goes. */
  const change = (field: F, text: string) => {
    setTyped({ [field]: text });
    setErrors((e) => {
      if (!e[field]) return e;
      const rest = { ...e };
      delete rest[field];
      return rest;
    });
  };

  /**
   * "Next" (or Enter in a field): marks what needs correcting, else goes on; nothing happens before the settings are
   * loaded.
   */
  const next = (event?: FormEvent) => {
    event?.preventDefault();
    if (!settings) return;
    const found = typedDraft(typed, settings, fixed).errors;
    const mine = Object.fromEntries(fields.filter((f) => found[f]).map((f) => [f, found[f]])) as FieldErrors<F>;
    if (Object.keys(mine).length > 0) setErrors(mine);
    else goTo(then);
  };

  return {
    values,
    errors,
    settings,
    fixed,
    next,
    /** Marks fields with problems found outside "Next" (the directory's "Check again"). */
    mark: (marks: FieldErrors<F>) => setErrors((e) => ({ ...e, ...marks })),
    /** A text field's props: its value, whether it is fixed, its change and its problem. */
    field: (field: F) => ({
      value: values[field],
      fixed: fixed.has(field),
      onChange: (text: string) => change(field, text),
      error: errors[field],
    }),
  };
}

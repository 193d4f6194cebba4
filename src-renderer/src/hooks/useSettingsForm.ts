import { useState, type FormEvent } from 'react';
import type { ContractErrorBody, Settings } from '@shared/contract';
import { isDirty, type Draft, type FieldErrors, type ProblemWays, type Shown } from '../lib/settings-draft';
import { useSettingsSave } from './useSettingsSave';

interface Options<V extends object> {
  /** What is saved, as the form shows it. */
  saved: V;
  /** Fields fixed for this run by the host: shown as saved, not editable, and never sent. */
  fixed: ReadonlySet<string>;
  /** The draft (fixed fields as saved) against what is saved: the change to send and the problems found. */
  read(values: V): Draft<keyof V & string>;
  /**
   * Where the draft lives when it must outlast the form (the Settings page keeps it for the session); else in the
   * form. `clear` is "Undo changes" for it.
   */
  draft?: { values: V; set(changes: Partial<V>): void; clear?(): void };
  /** Start out saying "Saved." (the form was remounted with what the host just stored). */
  showSaved?: boolean;
  /** The settings the host stored. */
  onSaved(settings: Settings): void;
  /** Nothing differs from what is saved; without it the form says "Nothing to save.". */
  onUnchanged?(): void;
  /** How the form's own problems (nothing is sent) and the host's refusal show. */
  problems: ProblemWays<keyof V & string>;
  /** Problems mark only the fields they name, and the other fields keep theirs (else they replace all marks). */
  merge?: boolean;
}

/**
 * A settings form's draft and its way to the host, in one place: the values as typed (fields fixed for this run shown
 * as saved), the change against what is saved, sent with "Saving…" and then "Saved.", the form's own problems and
 * the host's refusal at their fields or in a box, an edit clearing its field's problem, and "Undo changes".
 */
export function useSettingsForm<V extends object>(options: Options<V>) {
  type F = keyof V & string;
  const { saved, fixed, read, merge = false } = options;
  const [own, setOwn] = useState<V>(saved);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [other, setOther] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<ContractErrorBody | null>(null);
  const { save, setSave, store } = useSettingsSave(options.showSaved ?? false, options.onSaved);
  const draft = options.draft?.values ?? own;
  const values = Object.fromEntries(
    Object.keys(saved).map((f) => [f, fixed.has(f) ? saved[f as F] : draft[f as F]]),
  ) as V;
  const saving = save.kind === 'saving';

  /** Fields were edited: their problems go, and so does what the last save said. */
  const change = (next: Partial<V>) => {
    if (options.draft) options.draft.set(next);
    else setOwn((v) => ({ ...v, ...next }));
    const fields = Object.keys(next);
    setErrors((e) =>
      fields.some((f) => e[f as F])
        ? (Object.fromEntries(Object.entries(e).filter(([f]) => !fields.includes(f))) as FieldErrors<F>)
        : e,
    );
    if (!saving) setSave({ kind: 'idle' });
  };

  const show = (shown: Shown<F>) => {
    const fields = shown.fields;
    if (fields) setErrors((e) => (merge ? { ...e, ...fields } : fields));
    if (shown.other) setOther(shown.other);
    if (shown.refusal !== undefined) setRefusal(shown.refusal);
    setSave(shown.failed ? { kind: 'failed', messages: shown.failed } : { kind: 'idle' });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    const { patch, errors: found } = read(values);
    if (Object.keys(found).length > 0) {
      show(options.problems.invalid(found));
      return;
    }
    setOther([]);
    setRefusal(null);
    if (Object.keys(patch).length === 0) {
      if (options.onUnchanged) options.onUnchanged();
      else {
        setErrors({});
        setSave({ kind: 'unchanged' });
      }
      return;
    }
    const refused = await store(patch);
    if (refused) show(options.problems.refused(refused));
    else setErrors({});
  };

  return {
    /** The values the form shows. */
    values,
    errors,
    other,
    refusal,
    save,
    saving,
    /** Something to undo. */
    dirty: isDirty(read(values)),
    change,
    /** Marks fields with problems found outside a save (the wizard's "Check again"). */
    mark: (fields: FieldErrors<F>) => setErrors((e) => ({ ...e, ...fields })),
    /** A text or choice field's props: its value, whether it is fixed, its change and its problem. */
    field: <K extends F>(field: K) => ({
      value: values[field],
      fixed: fixed.has(field),
      onChange: (value: V[K]) => change({ [field]: value } as unknown as Partial<V>),
      error: errors[field],
    }),
    submit,
    /** "Undo changes": back to what is saved, with no problem and no status shown. */
    reset: () => {
      setOwn(saved);
      options.draft?.clear?.();
      setErrors({});
      setOther([]);
      setRefusal(null);
      setSave({ kind: 'idle' });
    },
  };
}

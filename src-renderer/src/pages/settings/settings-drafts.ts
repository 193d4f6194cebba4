/**
 * The Settings page's unsaved edits, by form, kept for the session outside the page (as the Availability page keeps
 * its schedule): saving one card, fresh settings from the host or a visit to another page never throws away what was
 * typed in another card. A form shows what is stored with its edits on top; an edit leaves once it is saved, or with
 * "Undo changes". Secrets (a membership credential, a passphrase) are never kept here.
 */
import { useEffect, useRef, type FormEvent } from 'react';
import { create } from 'zustand';
import { withoutSent } from '../../lib/settings-draft';

/** The forms whose edits are kept: the node's settings, and "Your own use comes first" with the electricity. */
export type DraftForm = 'node' | 'ownerFirst';

type Edits = Readonly<Record<string, unknown>>;

interface DraftsState {
  edits: Partial<Record<DraftForm, Edits>>;
  /** Whether a form has something to save or undo, as the form last said (the page's index marks it). */
  unsaved: Partial<Record<DraftForm, boolean>>;
  edit(form: DraftForm, changes: Edits): void;
  /** A save of `sent` went through: those edits leave the draft. */
  settle(form: DraftForm, sent: Edits): void;
  clear(form: DraftForm): void;
  setUnsaved(form: DraftForm, unsaved: boolean): void;
}

const NONE: Edits = {};

export const useSettingsDrafts = create<DraftsState>()((set) => ({
  edits: {},
  unsaved: {},
  edit: (form, changes) => set((s) => ({ edits: { ...s.edits, [form]: { ...(s.edits[form] ?? NONE), ...changes } } })),
  settle: (form, sent) => set((s) => ({ edits: { ...s.edits, [form]: withoutSent(s.edits[form] ?? NONE, sent) } })),
  clear: (form) => set((s) => ({ edits: { ...s.edits, [form]: NONE } })),
  setUnsaved: (form, unsaved) =>
    set((s) => (s.unsaved[form] === unsaved ? s : { unsaved: { ...s.unsaved, [form]: unsaved } })),
}));

/**
 * A Settings form's kept draft: `draft` for useSettingsForm (what is stored with the edits on top), `submit` to send
 * the form with, and `saved` once the host stored it.
 */
export function useKeptDraft<V extends object>(form: DraftForm, stored: V) {
  const edits = useSettingsDrafts((s) => s.edits[form] ?? NONE);
  const sent = useRef<Edits>(NONE);
  const { edit, settle, clear } = useSettingsDrafts.getState();
  return {
    draft: {
      values: { ...stored, ...edits } as V,
      set: (changes: Partial<V>) => edit(form, changes),
      clear: () => clear(form),
    },
    /**
     * Sends the form: what is typed now is what the save stores (a click while saving sends nothing, so it keeps the
     * running save's).
     */
    submit: (target: { saving: boolean; submit(event?: FormEvent): Promise<void> }, event: FormEvent) => {
      if (!target.saving) sent.current = useSettingsDrafts.getState().edits[form] ?? NONE;
      void target.submit(event);
    },
    /** The host stored what was sent: those edits leave the draft. */
    saved: () => settle(form, sent.current),
  };
}

/** A form says whether it has unsaved changes, so the page's index can mark its section. */
export function useUnsavedReport(form: DraftForm, unsaved: boolean): void {
  useEffect(() => useSettingsDrafts.getState().setUnsaved(form, unsaved), [form, unsaved]);
}

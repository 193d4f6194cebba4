import { useState } from 'react';
import type { ContractErrorBody, Settings } from '@shared/contract';
import { getApi } from '../api';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'failed'; messages: string[] };

/**
 * Where a settings form's save stands, starting at "Saved." when the form was remounted after a save, and
 * `store`, which sends a change: "Saving…" while it runs, then "Saved." with the stored settings handed to
 * `onSaved`. It resolves with the host's refusal (for the form to show), or null once saved.
 */
export function useSettingsSave(showSaved: boolean, onSaved: (settings: Settings) => void) {
  const [save, setSave] = useState<SaveState>(showSaved ? { kind: 'saved' } : { kind: 'idle' });

  const store = async (patch: Partial<Settings>): Promise<ContractErrorBody | null> => {
    setSave({ kind: 'saving' });
    const result = await getApi().updateSettings(patch);
    if (!result.ok) return result.error;
    setSave({ kind: 'saved' });
    onSaved(result.value);
    return null;
  };

  return { save, setSave, store };
}

/**
 * The Availability page's editing state: the schedule the engine stored, the draft being edited, and how the
 * last save went. It lives outside the page so a draft survives a visit to another page; the stored schedule
 * is always the engine's answer, never a guess.
 */
import { create } from 'zustand';
import { MAX_AVAILABILITY_WINDOWS, type AvailabilitySchedule, type ContractErrorBody } from '@shared/contract';
import { getApi } from '../../api';
import { paintCells, sameMeaning, sameSchedule, withoutWindow, type Brush, type Cell } from '../../lib/schedule-grid';
import { sayNow } from '@shared/i18n/current';

export type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'failed'; error: ContractErrorBody };

export interface ScheduleState {
  load: LoadState;
  saved: AvailabilitySchedule | null;
  draft: AvailabilitySchedule | null;
  save: SaveState;
  brush: Brush;

  /** Loads the stored schedule; a draft with changes is kept (only what it is compared with is renewed). */
  reload(): Promise<void>;
  setBrush(brush: Brush): void;
  paint(cells: readonly Cell[], brush: Brush): void;
  removeWindow(index: number): void;
  setOutsideShare(share: number): void;
  setTimeZone(timeZone: string): void;
  undo(): void;
  saveDraft(): Promise<void>;
}

export const isDirty = (s: Pick<ScheduleState, 'saved' | 'draft'>): boolean =>
  !!s.saved && !!s.draft && !sameSchedule(s.saved, s.draft);

/** Refused here, before the host is asked; shown on the page, so in the page's words. */
function tooMany(n: number): ContractErrorBody {
  const t = sayNow();
  return {
    code: 'invalid_request',
    message: t('availability.store.tooMany', { count: n, max: MAX_AVAILABILITY_WINDOWS }),
    issues: [
      { path: 'windows', message: t('availability.store.tooManyIssue', { count: n, max: MAX_AVAILABILITY_WINDOWS }) },
    ],
  };
}

export const useSchedule = create<ScheduleState>()((set, get) => {
  /** Every edit goes through here: an edit that lands back on the stored meaning restores its exact wording. */
  const edit = (change: (draft: AvailabilitySchedule) => AvailabilitySchedule) => {
    const { draft, saved, save } = get();
    if (!draft || save.kind === 'saving') return;
    let next = change(draft);
    if (saved && sameMeaning(next, saved)) next = saved;
    set({ draft: next, save: { kind: 'idle' } });
  };

  return {
    load: { kind: 'loading' },
    saved: null,
    draft: null,
    save: { kind: 'idle' },
    brush: 1,

    reload: async () => {
      if (get().saved === null) set({ load: { kind: 'loading' } });
      const result = await getApi().getSchedule({});
      if (!result.ok) {
        set({ load: { kind: 'error', message: result.error.message } });
        return;
      }
      set({ saved: result.value, draft: isDirty(get()) ? get().draft : result.value, load: { kind: 'ready' } });
    },

    setBrush: (brush) => set({ brush }),
    paint: (cells, brush) => edit((d) => ({ ...d, windows: paintCells(d.windows, cells, brush) })),
    removeWindow: (index) => edit((d) => ({ ...d, windows: withoutWindow(d.windows, index) })),
    setOutsideShare: (outsideShare) => edit((d) => ({ ...d, outsideShare })),
    setTimeZone: (timeZone) => edit((d) => ({ ...d, timeZone })),

    undo: () => {
      const { saved, save } = get();
      if (saved && save.kind !== 'saving') set({ draft: saved, save: { kind: 'idle' } });
    },

    saveDraft: async () => {
      const { draft, save } = get();
      if (!draft || save.kind === 'saving') return;
      if (draft.windows.length > MAX_AVAILABILITY_WINDOWS) {
        set({ save: { kind: 'failed', error: tooMany(draft.windows.length) } });
        return;
      }
      set({ save: { kind: 'saving' } });
      const result = await getApi().updateSchedule(draft);
      if (result.ok) set({ saved: result.value, draft: result.value, save: { kind: 'saved' } });
      else set({ save: { kind: 'failed', error: result.error } });
    },
  };
});

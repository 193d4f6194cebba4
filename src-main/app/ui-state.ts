import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOwnerOnlyDir, restrictToOwner, writeFileAtomic } from '@engine/files';

/** Small facts about the desktop shell itself (not the engine), kept next to the database. */
export interface UiState {
  /** The one-time "keeps running in the tray" notification has been shown. */
  trayHintShown: boolean;
}

const DEFAULTS: UiState = { trayHintShown: false };

export const uiStatePath = (dataDir: string): string => join(dataDir, 'ui-state.json');

export interface UiStateFile {
  read(): UiState;
  update(patch: Partial<UiState>): void;
}

/**
 * A best-effort JSON file: a missing or damaged file reads as defaults, a failed write is only logged. Owner-only
 * like everything in the data folder; one an older version wrote 0644 is narrowed when the app starts.
 */
export function uiStateFile(dataDir: string): UiStateFile {
  const path = uiStatePath(dataDir);
  try {
    restrictToOwner(path);
  } catch {
    // nothing in it is secret; the data folder around it is what keeps others out
  }
  const read = (): UiState => {
    try {
      const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
        const trayHintShown = (raw as Record<string, unknown>).trayHintShown;
        return { ...DEFAULTS, trayHintShown: trayHintShown === true };
      }
    } catch {
      // missing or unreadable: defaults
    }
    return { ...DEFAULTS };
  };
  return {
    read,
    update(patch) {
      const next = { ...read(), ...patch };
      try {
        createOwnerOnlyDir(dataDir);
        writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      } catch (err) {
        console.warn(`[app] could not save ${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

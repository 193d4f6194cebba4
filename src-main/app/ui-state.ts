import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** A best-effort JSON file: a missing or damaged file reads as defaults, a failed write is only logged. */
export function uiStateFile(dataDir: string): UiStateFile {
  const path = uiStatePath(dataDir);
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
        mkdirSync(dataDir, { recursive: true });
        const tmp = `${path}.tmp`;
        writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
        renameSync(tmp, path);
      } catch (err) {
        console.warn(`[app] could not save ${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

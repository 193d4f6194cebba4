/**
 * The names a request's row carries when it is read, never stored: the app by its key's name as the person gave it
 * (the page's own "try it" key as "This page"), and the machine by the one resolver of machine names
 * (identity/machine-names.ts), so a rename shows on every row at once and the book keeps ids only.
 */
import type { GatewayRequestRow } from '@shared/contract';

/**
 * Names a node by its id and, when known, its operator's fingerprint; null when it has no name to give. With
 * `operatorName`, it also tells when that name is another operator's (identity/machine-names.ts).
 */
export type MachineNameOf = ((nodeId: string, operator: string | null) => string | null) & {
  operatorName?(nodeId: string): string | null;
};

/** The app key id the page's own "try it" box sends with (app-keys.ts); its rows say so in the page's words. */
export const PAGE_KEY_ID = 'page';
/** How the page's own "try it" box is named on its rows, on the page and in the CSV. */
export const PAGE_APP_NAME = 'This page';
/** The app id of requests that came without a key (the key-less Ollama setting): answered for free only. */
export const KEYLESS_KEY_ID = 'keyless';
/** How those requests are named on their rows and on the page. */
export const KEYLESS_APP_NAME = 'Ollama apps without a key';

export interface RowNames {
  /** The one resolver of machine names; without it a row names no machine. */
  machineName?: MachineNameOf;
  /** The app keys as listed now (a revoked key's rows keep no name). */
  keys: () => readonly { id: string; name: string }[];
}

/**
 * An app's name by its key's id among `keys`: the page's own as "This page", key-less Ollama apps as such, a revoked
 * key's or no key's null.
 */
export function appNameOf(keys: readonly { id: string; name: string }[], appKeyId: string | null): string | null {
  if (appKeyId === PAGE_KEY_ID) return PAGE_APP_NAME;
  if (appKeyId === KEYLESS_KEY_ID) return KEYLESS_APP_NAME;
  return appKeyId === null ? null : (keys.find((k) => k.id === appKeyId)?.name ?? null);
}

/** `rows` with their app's and machine's names filled in; a row that tried no node names no machine. */
export function namedRows(rows: readonly GatewayRequestRow[], names: RowNames): GatewayRequestRow[] {
  const keys = names.keys();
  return rows.map((r) => ({
    ...r,
    app: appNameOf(keys, r.appKeyId),
    machine: r.nodeId === null ? null : (names.machineName?.(r.nodeId, null) ?? null),
    operator: r.nodeId === null || r.own === true ? null : (names.machineName?.operatorName?.(r.nodeId) ?? null),
  }));
}

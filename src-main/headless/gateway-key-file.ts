/**
 * The headless gateway's first app key, kept in the data folder's `gateway-key` (owner-only, 0600): without a screen
 * there is no page to show it on once, and an app on this computer can read it from there
 * (`OPENAI_API_KEY=$(cat …/gateway-key)`). Made once; a file already there is left alone, and its key stays valid
 * until it is revoked on the dashboard. The key is never printed or logged, only the file's path.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@engine/files';
import type { CommandResponses } from '@shared/contract';
import type { Dispatch } from '@shared/contract/dispatch';
import { pathExists } from './service-file';

export const GATEWAY_KEY_FILE_NAME = 'gateway-key';
/** How the key is listed on the dashboard's "Use the network" page. */
export const HEADLESS_KEY_NAME = 'Headless';

export class GatewayKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayKeyFileError';
  }
}

export interface GatewayKeyFile {
  path: string;
  /** True when the key was made now; false when the file was there already. */
  made: boolean;
}

/**
 * Makes the first app key through the engine and writes its secret to `<dataDir>/gateway-key`, unless that file
 * exists. A key whose file could not be written is revoked again: nobody could ever use it.
 */
export async function ensureGatewayKeyFile(dataDir: string, dispatch: Dispatch): Promise<GatewayKeyFile> {
  const path = join(dataDir, GATEWAY_KEY_FILE_NAME);
  if (pathExists(path)) return { path, made: false };
  const result = await dispatch('createGatewayKey', { name: HEADLESS_KEY_NAME });
  if (!result.ok) throw new GatewayKeyFileError(`The gateway's app key could not be made: ${result.error.message}`);
  const made = result.value as CommandResponses['createGatewayKey'] | null;
  if (!made || typeof made.secret !== 'string' || made.secret === '')
    throw new GatewayKeyFileError("The gateway's app key could not be made: the node sent no key.");
  try {
    // A secret, written as the node's own are: on stable storage before the key counts as handed over.
    writeFileAtomic(path, `${made.secret}\n`, 0o600);
  } catch (err) {
    await dispatch('revokeGatewayKey', { id: made.key.id });
    throw new GatewayKeyFileError(
      `The gateway's app key could not be written to ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)}); it was revoked again.`,
    );
  }
  return { path, made: true };
}

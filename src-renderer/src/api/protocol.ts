/**
 * The contract's runtime constants, restated for the renderer.
 *
 * contract.ts builds its zod schemas at module load, so importing any value from it would pull zod into
 * the page bundle. Each constant here is typed against the contract's own literal type instead, so the
 * compiler refuses to build if the two ever disagree.
 */
import type * as Contract from '../../../src-preload/contract';
import type { CommandName, EventLevel } from '../../../src-preload/contract';

export const API_VERSION: typeof Contract.API_VERSION = 1;
export const BRIDGE_PROTOCOL: typeof Contract.BRIDGE_PROTOCOL = 'iicp-provider.v1';
export const BRIDGE_PATH: typeof Contract.BRIDGE_PATH = '/bridge';

// A record (not an array) so a command missing here, or one the contract dropped, is a compile error.
const COMMAND_SET = {
  getSnapshot: true,
  getAppInfo: true,
  pause: true,
  resume: true,
  getSettings: true,
  updateSettings: true,
  listEvents: true,
} as const satisfies Record<CommandName, true>;

export const COMMAND_NAMES = Object.keys(COMMAND_SET) as CommandName[];

export const EVENT_LEVELS = ['info', 'warn', 'error'] as const satisfies readonly EventLevel[];
// Fails to compile if the contract gains a level this list lacks.
const _allLevelsListed: Exclude<EventLevel, (typeof EVENT_LEVELS)[number]> extends never ? true : never = true;
void _allLevelsListed;

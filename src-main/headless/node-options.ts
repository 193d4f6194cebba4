/** The engine's options for a headless run, from the flags: what both headless hosts hand their engine. */
import { said } from '@shared/i18n/said';
import type { EngineNodeOptions } from '../supervisor/protocol';
import type { HeadlessConfig } from './config';

/** What the headless host cannot observe, shown on the dashboard so nobody wonders why a toggle is missing. */
const HEADLESS_LIMITATIONS = [said('settings.about.headlessConditions'), said('settings.about.headlessTray')];

/** The engine's options for a headless run (plain data: they also cross to the engine's own process). */
export function headlessNodeOptions(config: HeadlessConfig, appVersion: string): EngineNodeOptions {
  return {
    dataDir: config.dataDir,
    host: 'headless',
    appVersion,
    overrides: config.overrides,
    limitations: HEADLESS_LIMITATIONS,
    backendApiKey: config.backendApiKey,
    allowPrivateEndpoint: config.allowPrivateEndpoint,
    ...(config.noticeDebounceMs !== undefined ? { noticeDebounceMs: config.noticeDebounceMs } : {}),
    ...(config.idleAfterMs !== undefined ? { idleAfterMs: config.idleAfterMs } : {}),
    ...(config.taskHost ? { taskHost: config.taskHost } : {}),
    ...(config.taskPort !== null ? { taskPort: config.taskPort } : {}),
    ...(config.gatewayPort !== undefined ? { gatewayPort: config.gatewayPort } : {}),
  };
}

import type { Page } from 'playwright-core';
import type { NodeSnapshot, Settings } from '@shared/contract';

/**
 * A stand-in `window.provider` answering from fixed data, for pages rendered from a handcrafted snapshot: the page
 * prefers `window.provider` (Electron's preload) over the bridge. `extra` adds command answers (returned as ok).
 */
export async function installStubProvider(
  page: Page,
  snap: NodeSnapshot,
  settings: Settings,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await page.addInitScript(
    ({ snap, settings, extra }: { snap: NodeSnapshot; settings: Settings; extra: Record<string, unknown> }) => {
      const ok = (value: unknown) => Promise.resolve({ ok: true, value });
      const answers: Record<string, unknown> = {
        apiVersion: 1,
        transport: 'ipc',
        getSnapshot: () => ok(snap),
        getAppInfo: () =>
          ok({
            apiVersion: 1,
            appVersion: snap.appVersion,
            host: 'headless',
            platform: 'linux',
            dataDir: '/tmp',
            limitations: [],
          }),
        getSettings: () => ok(settings),
        listEvents: () => ok([]),
        onSnapshot: () => () => {},
        onEngineEvent: () => () => {},
      };
      for (const [name, value] of Object.entries(extra)) answers[name] = () => ok(value);
      (globalThis as unknown as { provider: unknown }).provider = answers;
    },
    { snap, settings, extra },
  );
}

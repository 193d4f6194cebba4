/**
 * The desktop host speaks the person's language: the Settings choice, else the system's preferred languages, else
 * English. The tray's lines follow it, and a change of the setting rebuilds the tray in the new words.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostSay, speakAsHost, systemLanguages, type LanguageApp } from '@main/app/host-language';
import { createAppTray } from '@main/app/tray';
import { appPaths } from '@main/app/paths';
import { sayNow, speakWith } from '@shared/i18n/current';
import type { LanguageChoice } from '@shared/i18n/languages';
import { english } from '@shared/i18n/say';
import { FakeMenu, FakeTray } from './electron-fakes';
import { fakeTrayEngine, snapshotWith } from './snapshots';

vi.mock('electron', () => {
  throw new Error('the host language must not load electron itself');
});

const paths = appPaths(join('/opt', 'iicp-provider'));
const systemSays = (tags: unknown[], locale = 'en-US'): LanguageApp => ({
  getPreferredSystemLanguages: () => tags as string[],
  getLocale: () => locale,
});

afterEach(() => speakWith(() => english));

describe('the host’s language', () => {
  it('takes the system’s first language the app speaks, else English', () => {
    expect(hostSay(systemSays(['fr-FR', 'de-AT']), 'system').language).toBe('de');
    expect(hostSay(systemSays(['de-AT']), 'system').locale).toBe('de-AT');
    expect(hostSay(systemSays(['ja-JP'], 'ja'), 'system').language).toBe('en');
    // An app without the list (older Electron) still has its locale.
    expect(hostSay({ getLocale: () => 'de-DE' }, 'system').language).toBe('de');
  });

  it('takes the Settings choice over the system’s', () => {
    expect(hostSay(systemSays(['de-DE']), 'en').language).toBe('en');
    expect(hostSay(systemSays(['en-US']), 'de').language).toBe('de');
  });

  it('skips what is no language tag, and never throws on it', () => {
    expect(systemLanguages(systemSays([42, '', 'x'.repeat(500), 'not a tag!', 'de-DE'], 'en-GB'))).toEqual([
      'de-DE',
      'en-GB',
    ]);
    const broken: LanguageApp = {
      getLocale: () => {
        throw new Error('no locale');
      },
    };
    expect(hostSay(broken, 'system').language).toBe('en');
  });

  it('says the tray in German on a German system, and in English once Settings says so', () => {
    let choice: LanguageChoice = 'system';
    const words = speakAsHost(systemSays(['de-DE'], 'de-DE'), () => choice);
    expect(sayNow().language).toBe('de');
    FakeTray.instances = [];
    const engine = fakeTrayEngine(
      snapshotWith({ capacity: { activeJobs: 1, effectiveMaxConcurrent: 2 }, today: { jobs: 3, credits: 1.5 } }),
    );
    const appTray = createAppTray(
      { Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform: 'linux' },
      engine,
      {
        openWindow: vi.fn(),
        quit: vi.fn(),
      },
    );
    const tray = FakeTray.instances[0]!;
    expect(tray.labels()).toEqual([
      'Bedient das Netzwerk · 1 von 2 Plätzen belegt',
      'Heute: 3 Aufgaben · 1,5 Credits',
      '---',
      'Verfügbar',
      'Pausieren',
      '---',
      'IICP Provider öffnen',
      '---',
      'Beenden',
    ]);
    expect(tray.labels('pause')[0]).toBe('1 Stunde');
    expect(tray.tooltip).toBe('IICP Provider · Bedient das Netzwerk · 1 von 2 Plätzen belegt');

    choice = 'en';
    expect(words.follow()).toBe(true);
    appTray.refresh();
    expect(tray.labels()[0]).toBe('Serving the network · 1 of 2 slots busy');
    expect(tray.labels()).toContain('Quit');
    expect(words.follow()).toBe(false);
    appTray.dispose();
  });
});

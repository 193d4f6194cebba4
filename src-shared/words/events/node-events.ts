/** The node itself: starting and stopping, settings, the schedule and the switch, problems. */
import type { EngineEventName } from './event-names';
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import { isPlainForPeople } from '../../text/plain-text';
import type { Settings } from '../../contract';
import { bad, clock, good, humanise, inParens, withStop, zoneWords, type Details, type Entry } from './sentence-parts';

const SETTING_LABELS: Partial<Record<keyof Settings, MessageId>> = {
  displayName: 'events.setting.displayName',
  region: 'events.setting.region',
  directoryUrl: 'events.setting.directoryUrl',
  taskPort: 'events.setting.taskPort',
  publicEndpoint: 'events.setting.publicEndpoint',
  portMapping: 'events.setting.portMapping',
  quickTunnel: 'events.setting.quickTunnel',
  relayFallback: 'events.setting.relayFallback',
  relayPlaintext: 'events.setting.relayPlaintext',
  trustedProxies: 'events.setting.trustedProxies',
  maxConcurrent: 'events.setting.maxConcurrent',
  backendUrl: 'events.setting.backendUrl',
  moreBackends: 'events.setting.moreBackends',
  defaultModel: 'events.setting.defaultModel',
  excludedModels: 'events.setting.excludedModels',
  maxTokens: 'events.setting.maxTokens',
  offerCompletion: 'events.setting.offerCompletion',
  tokensPerMin: 'events.setting.tokensPerMin',
  onlyOnMains: 'events.setting.onlyOnMains',
  idleMinutes: 'events.setting.idleMinutes',
  creditCostMultiplier: 'events.setting.creditCostMultiplier',
  pricingModel: 'events.setting.pricingModel',
  theme: 'events.setting.theme',
  language: 'events.setting.language',
  gateway: 'events.setting.gateway',
  notifications: 'events.setting.notifications',
  ownerFirst: 'events.setting.ownerFirst',
  energy: 'events.setting.energy',
  checkForUpdates: 'events.setting.checkForUpdates',
};

/** Setting names as the Settings page calls them ("maxConcurrent" → "tasks at once"). */
function settingList(names: string): string | null {
  const t = sayNow();
  const words = names
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((n) => {
      const id = Object.hasOwn(SETTING_LABELS, n) ? SETTING_LABELS[n as keyof Settings] : undefined;
      return id ? t(id) : humanise(n).toLowerCase();
    });
  return words.length ? words.join(', ') : null;
}

function availabilityOff(d: Details): string {
  const t = sayNow();
  const cause = d.get('cause');
  const until = clock(d.get('until'), d.at);
  if (cause === 'removed') return t('events.node.removed');
  if (cause === 'manual') return until ? t('events.node.pausedByYouUntil', { until }) : t('events.node.switchedOff');
  return until ? t('events.node.pausedUntil', { until }) : t('events.node.off');
}

function availabilityOn(d: Details): string {
  const t = sayNow();
  const cause = d.get('cause');
  if (cause === 'pause_expired') return t('events.node.pauseOver');
  if (cause === 'manual') return t('events.node.switchedOn');
  return t('events.node.on');
}

function problemWords(d: Details): string {
  const t = sayNow();
  const colon = d.raw.indexOf(':');
  const key = colon > 0 ? d.raw.slice(0, colon).trim() : d.raw.trim();
  const message = colon > 0 ? d.plain(d.raw.slice(colon + 1)) : null;
  if (message) return withStop(message);
  if (key === 'backend') return t('events.node.problemBackend');
  if (key === 'store') return t('events.node.problemStore', { why: inParens(d.why()) });
  return t('events.node.problem');
}

function problemCleared(d: Details): string {
  const t = sayNow();
  const key = d.raw.trim();
  if (key === 'backend') return t('events.node.clearedBackend');
  if (key === 'store') return t('events.node.clearedStore');
  return t('events.node.cleared');
}

function scheduleInvalid(d: Details): string {
  const t = sayNow();
  const skipped = d.raw.match(/windows skipped: (\d+)/);
  if (skipped) return t('events.node.windowsSkipped', { count: Number(skipped[1]) });
  const zone = d.raw.match(/unknown time zone (\S+); using (\S+)/);
  if (zone) return t('events.node.unknownZone', { zone: zoneWords(zone[1]!), instead: zoneWords(zone[2]!) });
  return t('events.node.scheduleInvalid');
}

function scheduleChanged(d: Details): string {
  const t = sayNow();
  const windows = d.num('windows');
  const zone = d.get('zone');
  if (windows === 0) return t('events.node.scheduleAlways');
  if (windows === undefined) return t('events.node.scheduleChanged');
  return zone
    ? t('events.node.scheduleWindowsZone', { count: windows, zone: zoneWords(zone) })
    : t('events.node.scheduleWindows', { count: windows });
}

export const NODE_EVENTS = {
  engine_start: {
    label: 'events.label.engineStart',
    say: (d) => {
      const t = sayNow();
      const raw = d.get('version');
      const version = raw && /^[\w.+-]+$/.test(raw) ? raw : null;
      const headless = d.get('host') === 'headless';
      if (version)
        return t(headless ? 'events.node.startedHeadlessVersion' : 'events.node.startedVersion', { version });
      return t(headless ? 'events.node.startedHeadless' : 'events.node.started');
    },
  },
  // The details are the host's own plain sentence (why it replaced the engine's process).
  engine_restarted: {
    label: 'events.label.engineRestarted',
    say: (d) => (d.raw && isPlainForPeople(d.raw) ? d.raw : sayNow()('events.node.restarted')),
  },
  engine_stop: { label: 'events.label.engineStop', say: () => sayNow()('events.node.stopped') },
  data_folder_not_private: {
    label: 'events.label.dataFolderNotPrivate',
    say: () => sayNow()('events.node.notPrivate'),
  },
  settings_invalid: {
    label: 'events.label.settingsInvalid',
    say: (d) => {
      const list = settingList(d.raw.replace(/^.*?:\s*/, ''));
      return list ? sayNow()('events.node.settingsResetList', { list }) : sayNow()('events.node.settingsReset');
    },
  },
  settings_changed: {
    label: 'events.label.settingsChanged',
    say: (d) => {
      const list = settingList(d.get('fields') ?? '');
      return list ? sayNow()('events.node.settingsChangedList', { list }) : sayNow()('events.node.settingsChanged');
    },
  },
  setup_completed: {
    label: 'events.label.setupCompleted',
    say: (d) =>
      good(sayNow()(d.get('start_at_login') === 'true' ? 'events.node.setupDoneLogin' : 'events.node.setupDone')),
  },
  start_at_login: {
    label: 'events.label.startAtLogin',
    say: (d) => sayNow()(d.get('enabled') === 'true' ? 'events.node.loginOn' : 'events.node.loginOff'),
  },
  problem: { label: 'events.label.problem', say: (d) => bad(problemWords(d)) },
  problem_cleared: { label: 'events.label.problemCleared', say: (d) => good(problemCleared(d)) },
  availability_on: { label: 'events.label.availabilityOn', say: (d) => good(availabilityOn(d)) },
  availability_off: { label: 'events.label.availabilityOff', say: availabilityOff },
  schedule_changed: { label: 'events.label.scheduleChanged', say: scheduleChanged },
  schedule_invalid: { label: 'events.label.scheduleInvalid', say: scheduleInvalid },
  serve_start: {
    label: 'events.label.serveStart',
    say: (d) => {
      const port = d.num('port');
      return port ? sayNow()('events.node.servingPort', { port: String(port) }) : sayNow()('events.node.serving');
    },
  },
} satisfies { readonly [K in EngineEventName]?: Entry };

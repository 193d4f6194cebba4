/** The node itself: starting and stopping, settings, the schedule and the switch, problems. */
import type { EngineEventName } from './event-names';
import { isPlainForPeople } from '../../text/plain-text';
import type { Settings } from '../../contract';
import { bad, clock, count, good, humanise, inParens, withStop, zoneWords, type Details, type Entry } from './sentence-parts';

const SETTING_LABELS: Partial<Record<keyof Settings, string>> = {
  displayName: 'display name',
  region: 'region',
  directoryUrl: 'directory address',
  taskPort: 'task port',
  publicEndpoint: 'public address',
  portMapping: 'router port mapping',
  quickTunnel: 'quick tunnel',
  relayFallback: 'relay',
  relayPlaintext: 'unencrypted tasks through a relay',
  trustedProxies: 'trusted reverse proxies',
  maxConcurrent: 'tasks at once',
  backendUrl: 'local LLM server',
  moreBackends: 'more LLM servers',
  defaultModel: 'default model',
  excludedModels: 'models kept private',
  maxTokens: 'largest answer',
  offerCompletion: 'plain text completion',
  tokensPerMin: 'tokens per minute',
  onlyOnMains: 'only on mains power',
  idleMinutes: 'only when idle',
  creditCostMultiplier: 'price',
  pricingModel: 'pricing model',
  theme: 'theme',
};

/** Setting names as the Settings page calls them ("maxConcurrent" → "tasks at once"). */
function settingList(names: string): string | null {
  const words = names
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((n) => SETTING_LABELS[n as keyof Settings] ?? humanise(n).toLowerCase());
  return words.length ? words.join(', ') : null;
}

function availabilityOff(d: Details): string {
  const cause = d.get('cause');
  const until = clock(d.get('until'), d.at);
  if (cause === 'removed') return 'The node was removed from the network and no longer takes tasks.';
  if (cause === 'manual') return until ? `You paused the node until ${until}.` : 'You switched Available off: the node takes no new tasks.';
  return until ? `The node is paused until ${until}.` : 'The node is switched off and takes no new tasks.';
}

function availabilityOn(d: Details): string {
  const cause = d.get('cause');
  if (cause === 'pause_expired') return 'The pause is over: the node takes tasks again.';
  if (cause === 'manual') return 'You switched Available on: the node takes tasks again.';
  return 'The node takes tasks again.';
}

function problemWords(d: Details): string {
  const colon = d.raw.indexOf(':');
  const key = colon > 0 ? d.raw.slice(0, colon).trim() : d.raw.trim();
  const message = colon > 0 ? d.plain(d.raw.slice(colon + 1)) : null;
  if (message) return withStop(message);
  if (key === 'backend') return 'The local LLM server is not answering; the node takes no tasks until it is back.';
  if (key === 'store') return `The task ledger cannot be written${inParens(d.why())}; served tasks are kept in memory until it can.`;
  return 'Something needs your attention; the Dashboard says what.';
}

function problemCleared(d: Details): string {
  const key = d.raw.trim();
  if (key === 'backend') return 'The local LLM server answers again.';
  if (key === 'store') return 'The task ledger can be written again.';
  return 'A problem cleared up.';
}

function scheduleInvalid(d: Details): string {
  const skipped = d.raw.match(/windows skipped: (\d+)/);
  if (skipped) {
    const n = Number(skipped[1]);
    return `Your availability schedule has ${count(n, 'time window')} that ${n === 1 ? 'is' : 'are'} not valid; ${n === 1 ? 'it is' : 'they are'} ignored.`;
  }
  const zone = d.raw.match(/unknown time zone (\S+); using (\S+)/);
  if (zone) return `This computer does not know your schedule's time zone ${zoneWords(zone[1]!)}; it uses ${zoneWords(zone[2]!)} instead.`;
  return 'Part of your availability schedule was not valid and is ignored.';
}

function scheduleChanged(d: Details): string {
  const windows = d.num('windows');
  const zone = d.get('zone');
  const where = zone ? `, ${zoneWords(zone)} time` : '';
  if (windows === 0) return 'Your availability schedule changed: the node is offered at all times.';
  if (windows === undefined) return 'Your availability schedule changed.';
  return `Your availability schedule changed: ${count(windows, 'time window')}${where}.`;
}

export const NODE_EVENTS = {
  engine_start: {
    label: 'Node started',
    say: (d) => {
      const version = d.get('version');
      const where = d.get('host') === 'headless' ? ' without a window (headless)' : '';
      return `The node started${where}${version && /^[\w.+-]+$/.test(version) ? `, app version ${version}` : ''}.`;
    },
  },
  // The details are the host's own plain sentence (why it replaced the engine's process).
  engine_restarted: {
    label: 'Node restarted',
    say: (d) => (d.raw && isPlainForPeople(d.raw) ? d.raw : 'The node was restarted after it stopped unexpectedly.'),
  },
  engine_stop: { label: 'Node stopped', say: () => 'The node stopped.' },
  data_folder_not_private: {
    label: 'Data folder not private',
    say: () => "The data folder could not be made private to you, so other people using this computer may be able to read the node's files.",
  },
  settings_invalid: {
    label: 'Settings reset',
    say: (d) => {
      const list = settingList(d.raw.replace(/^.*?:\s*/, ''));
      return list ? `Some saved settings were not valid and went back to their defaults: ${list}.` : 'Some saved settings were not valid and went back to their defaults.';
    },
  },
  settings_changed: {
    label: 'Settings changed',
    say: (d) => {
      const list = settingList(d.get('fields') ?? '');
      return list ? `Settings changed: ${list}.` : 'Settings changed.';
    },
  },
  setup_completed: {
    label: 'Setup finished',
    say: (d) => good(d.get('start_at_login') === 'true' ? 'Setup finished; the app starts when you log in.' : 'Setup finished.'),
  },
  start_at_login: {
    label: 'Start at login',
    say: (d) => (d.get('enabled') === 'true' ? 'The app now starts when you log in.' : 'The app no longer starts when you log in.'),
  },
  problem: { label: 'Problem', say: (d) => bad(problemWords(d)) },
  problem_cleared: { label: 'Problem cleared', say: (d) => good(problemCleared(d)) },
  availability_on: { label: 'Available switched on', say: (d) => good(availabilityOn(d)) },
  availability_off: { label: 'Available switched off', say: availabilityOff },
  schedule_changed: { label: 'Schedule changed', say: scheduleChanged },
  schedule_invalid: { label: 'Schedule not valid', say: scheduleInvalid },
  serve_start: {
    label: 'Taking tasks',
    say: (d) => {
      const port = d.num('port');
      return port ? `The node takes tasks on port ${port}.` : 'The node takes tasks.';
    },
  },

} satisfies { readonly [K in EngineEventName]?: Entry };

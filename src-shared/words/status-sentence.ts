/**
 * The one sentence that says whether this computer is serving the IICP network, derived from facts in the
 * snapshot — never from the lifecycle state alone, which says "online" while the node is unregistered, cut
 * off from the directory or unreachable. "Serving the network" needs all four: registered, reachable, a
 * healthy LLM server and the person's consent; otherwise the most important reason comes first, with the
 * next step. The dashboard, the page title and the tray all read it from here.
 */
import type { NodeSnapshot } from '../contract';
import { formatIn, formatUntil, formatUntilThere } from '../text/wall-clock';
import { OWNER_STANDING_WORDS, ownerSentence } from './owner-words';

export type StatusKind =
  | 'not_connected'
  | 'connecting'
  | 'stopped'
  | 'starting'
  | 'stopping'
  | 'setup'
  | 'paused'
  | 'waiting'
  | 'yielding'
  | 'no_backend'
  | 'backend_checking'
  | 'backend_down'
  | 'backend_slow'
  | 'backend_loading'
  | 'no_models'
  | 'directory_unreachable'
  | 'directory_lost'
  | 'directory_refused'
  | 'membership'
  | 'registering'
  | 'not_reachable'
  | 'finding_way_in'
  | 'problem'
  | 'restarting'
  | 'engine_failed'
  | 'serving';

export type StatusTone = 'ok' | 'warn' | 'bad' | 'neutral';

/** What the person can do about it: open a page, or ask the node to act now. */
export type StatusAction =
  | { kind: 'route'; label: string; route: 'network' | 'settings' | 'setup' | 'availability' | 'logs' }
  | { kind: 'command'; label: string; command: 'checkAgain' | 'resume' | 'restartEngine' | 'shareAnyway' }
  | { kind: 'reconnect'; label: string };

export interface NodeStatusWords {
  kind: StatusKind;
  tone: StatusTone;
  /** The headline, e.g. "Can't reach the IICP directory — retrying in 40 s". */
  sentence: string;
  /** One more sentence of why or what happens next; null when the headline says it all. */
  detail: string | null;
  action: StatusAction | null;
}

export interface StatusContext {
  now: number;
  /** How the window is linked to the node's host; 'lost' once that link dropped (the host stopped or is unreachable). */
  connection: 'connected' | 'connecting' | 'lost';
  /**
   * Whether "retrying in 40 s" may count down. The tray menu is rebuilt only when the snapshot changes, so a
   * countdown there would go stale: it says "retrying" instead.
   */
  countdown?: boolean;
  /** The person's locale for times ("18:00" or "6:00 PM"); undefined = this runtime's own. */
  locale?: string;
}

const FLAVOUR_NAMES: Readonly<Record<string, string>> = {
  ollama: 'Ollama',
  lmstudio: 'LM Studio',
  vllm: 'vLLM',
  llamacpp: 'llama.cpp',
};

/** The LLM server's product name when the node knows it (shared with the pages' labels). */
export function flavourName(flavour: string | null): string | null {
  return flavour !== null && Object.hasOwn(FLAVOUR_NAMES, flavour) ? FLAVOUR_NAMES[flavour]! : null;
}

// Counts grouped as the reader's locale groups them (the runtime's: the browser's language on the page): "1,240 tasks".
const plural = (n: number, one: string, many: string) => `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;

const words = (kind: StatusKind, tone: StatusTone, sentence: string, detail: string | null = null, action: StatusAction | null = null): NodeStatusWords => ({
  kind,
  tone,
  sentence,
  detail,
  action,
});

export function statusWords(s: NodeSnapshot | null, ctx: StatusContext): NodeStatusWords {
  if (ctx.connection === 'lost' || (s === null && ctx.connection === 'connected')) {
    const how =
      s?.host === 'headless'
        ? // The host keeps its port and token in the data folder, so a restart comes back at this page's address;
          // only when another program took the port does it print a new link (and say so).
          'Its host has stopped or cannot be reached. When you start it again with "npm run headless", this page reconnects by itself; if the host prints a different link, open that one.'
        : 'The node engine has stopped or cannot be reached; this window reconnects by itself.';
    return words('not_connected', 'bad', 'Not connected to the node', `${how}${s ? ' What you see below is the last news from it.' : ''}`, {
      kind: 'reconnect',
      label: 'Retry now',
    });
  }
  if (s === null) return words('connecting', 'neutral', 'Connecting to the node…');

  // The engine's own process comes before anything it said: what it said is from before it stopped.
  switch (s.engineProcess?.state) {
    case 'restarting':
      return words('restarting', 'warn', 'Restarting the node after a problem…', s.engineProcess.message ?? 'It will be back in a few seconds; tasks resume by themselves.');
    case 'failed':
      return words('engine_failed', 'bad', 'The node has stopped', s.engineProcess.message, { kind: 'command', label: 'Restart now', command: 'restartEngine' });
    default:
  }

  switch (s.state) {
    case 'stopped':
      return words('stopped', 'bad', 'Your node is stopped', s.stateReason, { kind: 'route', label: 'See the log', route: 'logs' });
    case 'starting':
      return words('starting', 'neutral', 'Starting your node…');
    case 'stopping':
      return words('stopping', 'neutral', 'Stopping your node…');
    default:
  }
  const until = (iso: string | null) => (iso ? formatUntilThere(iso, ctx.now, s.availability.timeZone, ctx.locale) : null);
  if (s.state === 'paused' || !s.available) {
    const a = s.availability;
    switch (a.reason) {
      case 'outside_window': {
        const when = until(a.nextChangeAt);
        return words('waiting', 'neutral', when ? `Outside your sharing hours until ${when}` : 'Outside your sharing hours', 'Your node takes work again by itself when your next window starts.', {
          kind: 'route',
          label: 'Change the hours',
          route: 'availability',
        });
      }
      case 'on_battery':
        return words('waiting', 'neutral', 'On battery — waiting for mains power', 'You asked to share only while the computer is plugged in.', {
          kind: 'route',
          label: 'Change this',
          route: 'availability',
        });
      case 'in_use':
        return words(
          'waiting',
          'neutral',
          a.conditions.idleMinutes ? `Computer in use — waiting for ${a.conditions.idleMinutes} min idle` : 'Computer in use — waiting until idle',
          'You asked to share only while nobody uses this computer.',
          { kind: 'route', label: 'Change this', route: 'availability' },
        );
      case 'owner_use': {
        const o = a.owner;
        const at = (iso: string) => until(iso) ?? iso;
        const detail = o.phase === 'cooling' ? `Your own use ended; the node waits a little in case you come back. ${OWNER_STANDING_WORDS}` : OWNER_STANDING_WORDS;
        return words('yielding', 'neutral', ownerSentence(o, at, undefined, ctx.countdown === false ? undefined : ctx.now) ?? 'Paused for your own use of the GPU', detail, { kind: 'command', label: 'Share anyway for 1 hour', command: 'shareAnyway' });
      }
      default: {
        const when = until(s.pausedUntil);
        // Without an end time there is no "then": the node waits for the person.
        const detail = when ? 'Your node takes no new work from the network until then.' : 'Your node takes no new work from the network until you resume it.';
        return words('paused', 'neutral', when ? `Paused until ${when}` : 'Paused', detail, {
          kind: 'command',
          label: 'Resume now',
          command: 'resume',
        });
      }
    }
  }

  const b = s.backend;
  const server = flavourName(b.flavour);
  switch (b.status) {
    case 'not_configured':
      // The wizard matters only while something is missing: a node set up by flags serves without ever seeing it.
      if (s.setup?.completed === false) {
        return words('setup', 'warn', 'Setup is not finished', 'The setup wizard finds your LLM server, picks its models and starts your node.', {
          kind: 'route',
          label: 'Open the setup wizard',
          route: 'setup',
        });
      }
      return words('no_backend', 'bad', 'No LLM server chosen', 'Your node needs a local LLM server (Ollama, LM Studio, vLLM or llama.cpp) to answer tasks.', {
        kind: 'route',
        label: 'Choose one',
        route: 'setup',
      });
    case 'unreachable':
      return words(
        'backend_down',
        'bad',
        `Your LLM server is not answering — is ${server ?? 'it'} running?`,
        `Nothing answers at ${b.url ?? 'its address'}. Start ${server ?? 'the server'}; the node notices within seconds.`,
        { kind: 'command', label: 'Check now', command: 'checkAgain' },
      );
    case 'slow':
      // It took the connection: running, but busy or on a slow machine. Not "is it running?".
      return words(
        'backend_slow',
        'warn',
        `${server ?? 'Your LLM server'} answers too slowly`,
        `It takes connections at ${b.url ?? 'its address'} but did not answer the node's check in time. Tasks are still sent to it; the node keeps checking.`,
        { kind: 'command', label: 'Check now', command: 'checkAgain' },
      );
    case 'loading':
      return words('backend_loading', 'warn', `${server ?? 'Your LLM server'} is loading a model`, 'Tasks are turned away until it is ready; this usually takes under a minute.');
    case 'checking':
      return words('backend_checking', 'neutral', 'Looking at your LLM server…');
    default:
  }
  if (b.models.length === 0) {
    return words('no_models', 'bad', `${server ?? 'Your LLM server'} offers no models to the network`, 'Load or download a model, or offer one you kept private.', {
      kind: 'route',
      label: 'Choose models',
      route: 'settings',
    });
  }

  const d = s.directory;
  const r = s.reachability;
  const retry = (lead: string) => {
    if (ctx.countdown === false || !d.nextAttemptAt) return `${lead} — retrying`;
    return `${lead} — retrying ${formatIn(Date.parse(d.nextAttemptAt) - ctx.now)}`;
  };
  switch (d.link) {
    case 'unreachable':
      return d.registeredAt
        ? words('directory_lost', 'bad', retry('Lost contact with the IICP directory'), 'Consumers cannot find your node until it is back. Your settings and earnings are safe.', {
            kind: 'command',
            label: 'Try now',
            command: 'checkAgain',
          })
        : words('directory_unreachable', 'bad', retry("Can't reach the IICP directory"), 'Your node serves nobody until it has registered. Check this computer\'s internet connection.', {
            kind: 'command',
            label: 'Try now',
            command: 'checkAgain',
          });
    case 'rejected':
      return words('directory_refused', 'bad', 'The IICP directory turned your node away', d.message, { kind: 'route', label: 'See what happened', route: 'logs' });
    case 'restricted':
      return words('membership', 'warn', 'The IICP directory asks for a membership', d.message, { kind: 'route', label: 'Add a membership', route: 'settings' });
    case 'connecting':
      return words('registering', 'neutral', 'Registering with the IICP directory…');
    case 'not_configured':
      if (r.status === 'checking' || r.status === 'unknown') return words('finding_way_in', 'neutral', 'Looking for a way in from the internet…');
      if (r.status === 'not_reachable' || r.status === 'local_only') {
        return words('not_reachable', 'warn', 'Not reachable from the internet — see Network', 'Your node serves only this computer until the network can reach it.', {
          kind: 'route',
          label: 'Open Network',
          route: 'network',
        });
      }
      return words('registering', 'neutral', 'Not registered with the IICP directory yet', d.message);
    default:
  }
  // Registered.
  if (r.status === 'not_reachable' || r.status === 'local_only') {
    return words('not_reachable', 'warn', 'Not reachable from the internet — see Network', 'The directory lists your node, but consumers cannot get through to it.', {
      kind: 'route',
      label: 'Open Network',
      route: 'network',
    });
  }
  if (r.status === 'checking' || r.status === 'unknown') return words('finding_way_in', 'neutral', 'Checking the way in from the internet…');
  if (s.state === 'degraded') return words('problem', 'warn', 'Your node has a problem', s.stateReason, { kind: 'route', label: 'See the log', route: 'logs' });

  const { activeJobs, effectiveMaxConcurrent: slots } = s.capacity;
  const busy = slots > 0 ? `${activeJobs} of ${plural(slots, 'slot', 'slots')} busy` : null;
  const today = `${plural(s.today.jobs, 'task', 'tasks')} today`;
  const how = r.status === 'relayed' ? ' through a relay' : r.status === 'tunnel' ? ' through a tunnel' : '';
  // Sharing anyway sets the owner's promise aside: the headline says so and until when, on every surface that reads it.
  // On the computer's own clock, as the tray's "Sharing anyway until …" line says it.
  const shareUntil = s.availability.owner.shareAnywayUntil;
  const anywayUntil = shareUntil ? formatUntil(shareUntil, ctx.now, undefined, ctx.locale) : null;
  const anyway = anywayUntil ? ` — sharing anyway until ${anywayUntil}` : '';
  return words('serving', 'ok', `Serving the network${how}${anyway}`, [busy, today].filter(Boolean).join(' · '));
}

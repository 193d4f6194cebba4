/**
 * The one sentence that says whether this computer is serving the IICP network, derived from facts in the
 * snapshot — never from the lifecycle state alone, which says "online" while the node is unregistered, cut
 * off from the directory or unreachable. "Serving the network" needs all four: registered, reachable, a
 * healthy LLM server and the person's consent; otherwise the most important reason comes first, with the
 * next step. The dashboard, the page title and the tray all read it from here.
 */
import type { NodeSnapshot } from '../contract';
import { sayNow } from '../i18n/current';
import { formatIn, formatUntil, formatUntilThere } from '../text/wall-clock';
import { ownerSentence, ownerStandingWords } from './owner-words';

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
  /**
   * How the window is linked to the node's host; 'lost' once that link dropped (the host stopped or is unreachable).
   */
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

const words = (
  kind: StatusKind,
  tone: StatusTone,
  sentence: string,
  detail: string | null = null,
  action: StatusAction | null = null,
): NodeStatusWords => ({
  kind,
  tone,
  sentence,
  detail,
  action,
});

export function statusWords(s: NodeSnapshot | null, ctx: StatusContext): NodeStatusWords {
  const t = sayNow();
  if (ctx.connection === 'lost' || (s === null && ctx.connection === 'connected')) {
    const how =
      s?.host === 'headless'
        ? // The host keeps its port and token in the data folder, so a restart comes back at this page's address;
          // only when another program took the port does it print a new link (and say so).
          t('status.notConnected.headless')
        : t('status.notConnected.desktop');
    return words(
      'not_connected',
      'bad',
      t('status.notConnected.title'),
      s ? t('status.notConnected.lastNews', { how }) : how,
      {
        kind: 'reconnect',
        label: t('status.notConnected.retry'),
      },
    );
  }
  if (s === null) return words('connecting', 'neutral', t('status.connecting'));

  // The engine's own process comes before anything it said: what it said is from before it stopped.
  switch (s.engineProcess?.state) {
    case 'restarting':
      return words(
        'restarting',
        'warn',
        t('status.restarting.title'),
        s.engineProcess.message ?? t('status.restarting.detail'),
      );
    case 'failed':
      return words('engine_failed', 'bad', t('status.failed.title'), s.engineProcess.message, {
        kind: 'command',
        label: t('status.failed.restart'),
        command: 'restartEngine',
      });
    default:
  }

  switch (s.state) {
    case 'stopped':
      return words('stopped', 'bad', t('status.stopped.title'), s.stateReason && t.said(s.stateReason), {
        kind: 'route',
        label: t('status.action.seeLog'),
        route: 'logs',
      });
    case 'starting':
      return words('starting', 'neutral', t('status.starting'));
    case 'stopping':
      return words('stopping', 'neutral', t('status.stopping'));
    default:
  }
  const until = (iso: string | null) =>
    iso ? formatUntilThere(iso, ctx.now, s.availability.timeZone, ctx.locale) : null;
  if (s.state === 'paused' || !s.available) {
    const a = s.availability;
    switch (a.reason) {
      case 'outside_window': {
        const when = until(a.nextChangeAt);
        return words(
          'waiting',
          'neutral',
          when ? t('status.outside.until', { when }) : t('status.outside.title'),
          t('status.outside.detail'),
          {
            kind: 'route',
            label: t('status.outside.change'),
            route: 'availability',
          },
        );
      }
      case 'on_battery':
        return words('waiting', 'neutral', t('status.battery.title'), t('status.battery.detail'), {
          kind: 'route',
          label: t('status.action.changeThis'),
          route: 'availability',
        });
      case 'in_use':
        return words(
          'waiting',
          'neutral',
          a.conditions.idleMinutes
            ? t('status.inUse.minutes', { minutes: a.conditions.idleMinutes })
            : t('status.inUse.title'),
          t('status.inUse.detail'),
          { kind: 'route', label: t('status.action.changeThis'), route: 'availability' },
        );
      case 'owner_use': {
        const o = a.owner;
        const at = (iso: string) => until(iso) ?? iso;
        const standing = ownerStandingWords();
        const detail = o.phase === 'cooling' ? t('status.owner.cooling', { standing }) : standing;
        return words(
          'yielding',
          'neutral',
          ownerSentence(o, at, undefined, ctx.countdown === false ? undefined : ctx.now) ?? t('status.owner.fallback'),
          detail,
          { kind: 'command', label: t('status.owner.shareAnyway'), command: 'shareAnyway' },
        );
      }
      default: {
        const when = until(s.pausedUntil);
        // Without an end time there is no "then": the node waits for the person.
        const detail = when ? t('status.paused.detailUntil') : t('status.paused.detail');
        return words(
          'paused',
          'neutral',
          when ? t('status.paused.until', { when }) : t('status.paused.title'),
          detail,
          {
            kind: 'command',
            label: t('status.paused.resume'),
            command: 'resume',
          },
        );
      }
    }
  }

  const b = s.backend;
  const server = flavourName(b.flavour);
  switch (b.status) {
    case 'not_configured':
      // The wizard matters only while something is missing: a node set up by flags serves without ever seeing it.
      if (s.setup?.completed === false) {
        return words('setup', 'warn', t('status.setup.title'), t('status.setup.detail'), {
          kind: 'route',
          label: t('status.setup.open'),
          route: 'setup',
        });
      }
      return words('no_backend', 'bad', t('status.noBackend.title'), t('status.noBackend.detail'), {
        kind: 'route',
        label: t('status.noBackend.choose'),
        route: 'setup',
      });
    case 'unreachable':
      return words(
        'backend_down',
        'bad',
        server ? t('status.backendDown.named', { server }) : t('status.backendDown.title'),
        b.url
          ? t(server ? 'status.backendDown.detailNamed' : 'status.backendDown.detail', {
              url: b.url,
              server: server ?? '',
            })
          : t(server ? 'status.backendDown.detailNoUrlNamed' : 'status.backendDown.detailNoUrl', {
              server: server ?? '',
            }),
        { kind: 'command', label: t('status.action.checkNow'), command: 'checkAgain' },
      );
    case 'slow':
      // It took the connection: running, but busy or on a slow machine. Not "is it running?".
      return words(
        'backend_slow',
        'warn',
        server ? t('status.slow.named', { server }) : t('status.slow.title'),
        b.url ? t('status.slow.detail', { url: b.url }) : t('status.slow.detailNoUrl'),
        { kind: 'command', label: t('status.action.checkNow'), command: 'checkAgain' },
      );
    case 'loading':
      return words(
        'backend_loading',
        'warn',
        server ? t('status.loading.named', { server }) : t('status.loading.title'),
        t('status.loading.detail'),
      );
    case 'checking':
      return words('backend_checking', 'neutral', t('status.checking'));
    default:
  }
  if (b.models.length === 0) {
    return words(
      'no_models',
      'bad',
      server ? t('status.noModels.named', { server }) : t('status.noModels.title'),
      t('status.noModels.detail'),
      {
        kind: 'route',
        label: t('status.noModels.choose'),
        route: 'settings',
      },
    );
  }

  const d = s.directory;
  const r = s.reachability;
  const retry = (lead: string) => {
    if (ctx.countdown === false || !d.nextAttemptAt) return t('status.retrying', { lead });
    return t('status.retryingIn', { lead, when: formatIn(Date.parse(d.nextAttemptAt) - ctx.now) });
  };
  switch (d.link) {
    case 'unreachable':
      return d.registeredAt
        ? words('directory_lost', 'bad', retry(t('status.directoryLost.title')), t('status.directoryLost.detail'), {
            kind: 'command',
            label: t('status.action.tryNow'),
            command: 'checkAgain',
          })
        : words(
            'directory_unreachable',
            'bad',
            retry(t('status.directoryUnreachable.title')),
            t('status.directoryUnreachable.detail'),
            {
              kind: 'command',
              label: t('status.action.tryNow'),
              command: 'checkAgain',
            },
          );
    case 'rejected':
      return words('directory_refused', 'bad', t('status.refused.title'), d.message && t.said(d.message), {
        kind: 'route',
        label: t('status.refused.see'),
        route: 'logs',
      });
    case 'restricted':
      return words('membership', 'warn', t('status.membership.title'), d.message && t.said(d.message), {
        kind: 'route',
        label: t('status.membership.add'),
        route: 'settings',
      });
    case 'connecting':
      return words('registering', 'neutral', t('status.registering'));
    case 'not_configured':
      if (r.status === 'checking' || r.status === 'unknown')
        return words('finding_way_in', 'neutral', t('status.findingWayIn'));
      if (r.status === 'not_reachable' || r.status === 'local_only') {
        return words(
          'not_reachable',
          'warn',
          t('status.notReachable.title'),
          t('status.notReachable.detailUnregistered'),
          {
            kind: 'route',
            label: t('status.notReachable.open'),
            route: 'network',
          },
        );
      }
      return words('registering', 'neutral', t('status.notRegistered'), d.message && t.said(d.message));
    default:
  }
  // Registered.
  if (r.status === 'not_reachable' || r.status === 'local_only') {
    return words('not_reachable', 'warn', t('status.notReachable.title'), t('status.notReachable.detail'), {
      kind: 'route',
      label: t('status.notReachable.open'),
      route: 'network',
    });
  }
  if (r.status === 'checking' || r.status === 'unknown')
    return words('finding_way_in', 'neutral', t('status.checkingWayIn'));
  if (s.state === 'degraded')
    return words('problem', 'warn', t('status.problem.title'), s.stateReason && t.said(s.stateReason), {
      kind: 'route',
      label: t('status.action.seeLog'),
      route: 'logs',
    });

  const { activeJobs, effectiveMaxConcurrent: slots } = s.capacity;
  const busy = slots > 0 ? t('status.serving.busy', { active: activeJobs, slots }) : null;
  const today = t('status.serving.today', { tasks: s.today.jobs });
  const serving = t(
    r.status === 'relayed'
      ? 'status.serving.relay'
      : r.status === 'tunnel'
        ? 'status.serving.tunnel'
        : 'status.serving.title',
  );
  // Sharing anyway sets the owner's promise aside: the headline says so and until when, on every surface that reads it.
  // On the computer's own clock, as the tray's "Sharing anyway until …" line says it.
  const shareUntil = s.availability.owner.shareAnywayUntil;
  const anywayUntil = shareUntil ? formatUntil(shareUntil, ctx.now, undefined, ctx.locale) : null;
  const headline = anywayUntil ? t('status.serving.anyway', { serving, until: anywayUntil }) : serving;
  return words('serving', 'ok', headline, [busy, today].filter(Boolean).join(' · '));
}

/**
 * The one sentence that says whether this computer is serving the IICP network, derived from facts in the
 * snapshot — never from the lifecycle state alone, which says "online" while the node is unregistered, cut
 * off from the directory or unreachable. "Serving the network" needs all four: registered, reachable, a
 * healthy LLM server and the person's consent; otherwise the most important reason comes first, with the
 * next step. The dashboard, the page title and the tray all read it from here.
 */
import type { NodeSnapshot } from '../contract';
import { sayNow } from '../i18n/current';
import { formatUntil } from '../text/wall-clock';
import { availabilityWords } from './status-availability';
import { backendWords } from './status-backend';
import { directoryWords } from './status-directory';
import { statusOf, type NodeStatusWords, type StatusContext } from './status-shape';

export type { NodeStatusWords, StatusAction, StatusContext, StatusKind, StatusTone } from './status-shape';
export { flavourName } from './status-backend';

/** The most important reason first: the link to the host, the engine's process, its lifecycle, then what it needs. */
export function statusWords(s: NodeSnapshot | null, ctx: StatusContext): NodeStatusWords {
  const t = sayNow();
  if (ctx.connection === 'lost' || (s === null && ctx.connection === 'connected')) {
    const how =
      s?.host === 'headless'
        ? // The host keeps its port and token in the data folder, so a restart comes back at this page's address;
          // only when another program took the port does it print a new link (and say so).
          t('status.notConnected.headless')
        : t('status.notConnected.desktop');
    return statusOf(
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
  if (s === null) return statusOf('connecting', 'neutral', t('status.connecting'));

  // The engine's own process comes before anything it said: what it said is from before it stopped.
  switch (s.engineProcess?.state) {
    case 'restarting':
      return statusOf(
        'restarting',
        'warn',
        t('status.restarting.title'),
        s.engineProcess.message ?? t('status.restarting.detail'),
      );
    case 'failed':
      return statusOf('engine_failed', 'bad', t('status.failed.title'), s.engineProcess.message, {
        kind: 'command',
        label: t('status.failed.restart'),
        command: 'restartEngine',
      });
    default:
  }

  switch (s.state) {
    case 'stopped':
      return statusOf('stopped', 'bad', t('status.stopped.title'), s.stateReason && t.said(s.stateReason), {
        kind: 'route',
        label: t('status.action.seeLog'),
        route: 'logs',
      });
    case 'starting':
      return statusOf('starting', 'neutral', t('status.starting'));
    case 'stopping':
      return statusOf('stopping', 'neutral', t('status.stopping'));
    default:
  }
  const held = availabilityWords(s, ctx) ?? backendWords(s) ?? directoryWords(s, ctx);
  if (held) return held;

  const { activeJobs, effectiveMaxConcurrent: slots } = s.capacity;
  const busy = slots > 0 ? t('status.serving.busy', { active: activeJobs, slots }) : null;
  const today = t('status.serving.today', { tasks: s.today.jobs });
  const r = s.reachability;
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
  return statusOf('serving', 'ok', headline, [busy, today].filter(Boolean).join(' · '));
}

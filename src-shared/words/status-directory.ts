/**
 * The status while the directory or the way in keeps the node from serving: the directory unreachable, refusing or
 * restricting, the registration under way, no way in found, or another problem the engine reports.
 */
import type { NodeSnapshot } from '../contract';
import { sayNow } from '../i18n/current';
import { formatIn } from '../text/wall-clock';
import { statusOf, type NodeStatusWords, type StatusContext } from './status-shape';

/** Null once the node is registered, reachable and without a problem: it serves. */
export function directoryWords(s: NodeSnapshot, ctx: StatusContext): NodeStatusWords | null {
  const t = sayNow();
  const d = s.directory;
  const r = s.reachability;
  const retry = (lead: string) => {
    if (ctx.countdown === false || !d.nextAttemptAt) return t('status.retrying', { lead });
    return t('status.retryingIn', { lead, when: formatIn(Date.parse(d.nextAttemptAt) - ctx.now) });
  };
  switch (d.link) {
    case 'unreachable':
      return d.registeredAt
        ? statusOf('directory_lost', 'bad', retry(t('status.directoryLost.title')), t('status.directoryLost.detail'), {
            kind: 'command',
            label: t('status.action.tryNow'),
            command: 'checkAgain',
          })
        : statusOf(
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
      return statusOf('directory_refused', 'bad', t('status.refused.title'), d.message && t.said(d.message), {
        kind: 'route',
        label: t('status.refused.see'),
        route: 'logs',
      });
    case 'restricted':
      return statusOf('membership', 'warn', t('status.membership.title'), d.message && t.said(d.message), {
        kind: 'route',
        label: t('status.membership.add'),
        route: 'settings',
      });
    case 'connecting':
      return statusOf('registering', 'neutral', t('status.registering'));
    case 'not_configured':
      if (r.status === 'checking' || r.status === 'unknown')
        return statusOf('finding_way_in', 'neutral', t('status.findingWayIn'));
      if (r.status === 'not_reachable' || r.status === 'local_only') {
        return statusOf(
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
      return statusOf('registering', 'neutral', t('status.notRegistered'), d.message && t.said(d.message));
    default:
  }
  // Registered.
  if (r.status === 'not_reachable' || r.status === 'local_only') {
    return statusOf('not_reachable', 'warn', t('status.notReachable.title'), t('status.notReachable.detail'), {
      kind: 'route',
      label: t('status.notReachable.open'),
      route: 'network',
    });
  }
  if (r.status === 'checking' || r.status === 'unknown')
    return statusOf('finding_way_in', 'neutral', t('status.checkingWayIn'));
  if (s.state === 'degraded')
    return statusOf('problem', 'warn', t('status.problem.title'), s.stateReason && t.said(s.stateReason), {
      kind: 'route',
      label: t('status.action.seeLog'),
      route: 'logs',
    });
  return null;
}

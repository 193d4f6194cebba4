/**
 * The status while the node is paused or waiting for the person's own rules: outside the availability windows, on
 * battery, the computer in use, the GPU given back to its owner, or a pause by hand.
 */
import type { NodeSnapshot } from '../contract';
import { sayNow } from '../i18n/current';
import { formatUntilThere } from '../text/wall-clock';
import { ownerSentence, ownerStandingWords } from './owner-words';
import { statusOf, type NodeStatusWords, type StatusContext } from './status-shape';

/** Null while the node is neither paused nor held back. */
export function availabilityWords(s: NodeSnapshot, ctx: StatusContext): NodeStatusWords | null {
  const t = sayNow();
  const until = (iso: string | null) =>
    iso ? formatUntilThere(iso, ctx.now, s.availability.timeZone, ctx.locale) : null;
  if (s.state !== 'paused' && s.available) return null;
  const a = s.availability;
  switch (a.reason) {
    case 'outside_window': {
      const when = until(a.nextChangeAt);
      return statusOf(
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
      return statusOf('waiting', 'neutral', t('status.battery.title'), t('status.battery.detail'), {
        kind: 'route',
        label: t('status.action.changeThis'),
        route: 'availability',
      });
    case 'in_use':
      return statusOf(
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
      return statusOf(
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
      return statusOf(
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

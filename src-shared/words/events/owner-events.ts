/** The sentences of the owner-first events: the node gave the GPU back to its owner, and took work again. */
import type { OwnerTrigger } from '../../contract';
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import { ownerCause } from '../owner-words';
import { clock, good, sentenceCase, type Details, type Entry } from './sentence-parts';

/** The trigger a yield event's details name (`trigger=gpu_program program=…`), or null when they are odd. */
export function triggerOf(d: Details): OwnerTrigger | null {
  const name = () => {
    const raw = d.get('program');
    if (raw === undefined) return null;
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  };
  switch (d.get('trigger')) {
    case 'gpu_program':
    case 'picked_program': {
      const n = name();
      return n === null ? null : { kind: d.get('trigger') as 'gpu_program' | 'picked_program', name: n };
    }
    case 'fullscreen':
      return { kind: 'fullscreen', name: name() };
    case 'gpu_busy':
      return { kind: 'gpu_busy' };
    case 'own_app':
      return { kind: 'own_app' };
    case 'gpu_memory': {
      const used = d.num('used_mib');
      return used === undefined ? null : { kind: 'gpu_memory', usedMiB: used };
    }
    case 'vram_floor':
      return { kind: 'vram_floor', freeMiB: d.num('free_mib') ?? 0, floorMiB: d.num('floor_mib') ?? 0 };
    case 'power_ceiling':
      return { kind: 'power_ceiling', watts: d.num('watts') ?? 0, limitW: d.num('limit') ?? 0 };
    case 'temperature_ceiling':
      return { kind: 'temperature_ceiling', celsius: d.num('celsius') ?? 0, limitC: d.num('limit') ?? 0 };
    default:
      return null;
  }
}

/** How "share anyway" ended, from the event's `ended=` detail. */
const SHARE_ANYWAY_ENDED: Readonly<Record<string, MessageId>> = {
  time_up: 'events.owner.endedTimeUp',
  stopped: 'events.owner.endedStopped',
  expired: 'events.owner.endedExpired',
};

export const OWNER_EVENTS = {
  owner_yield: {
    label: 'events.label.ownerYield',
    say: (d: Details) => {
      const t = triggerOf(d);
      return t ? sayNow()('events.owner.yieldCause', { cause: ownerCause(t) }) : sayNow()('events.owner.yield');
    },
  },
  owner_done: {
    label: 'events.label.ownerDone',
    say: (d: Details) => {
      const at = clock(d.get('resume_at'), d.at);
      return at ? sayNow()('events.owner.doneAt', { at }) : sayNow()('events.owner.done');
    },
  },
  owner_resumed: { label: 'events.label.ownerResumed', say: () => good(sayNow()('events.owner.resumed')) },
  owner_tasks_cut: {
    label: 'events.label.ownerTasksCut',
    say: (d: Details) => {
      const n = d.num('tasks') ?? 0;
      return n === 0 ? sayNow()('events.owner.noneCut') : sayNow()('events.owner.cut', { count: n });
    },
  },
  owner_memory: {
    label: 'events.label.ownerMemory',
    say: (d: Details) => {
      const said = d.plain();
      return said ? sentenceCase(said) : sayNow()('events.owner.memory');
    },
  },
  owner_share_anyway: {
    label: 'events.label.ownerShareAnyway',
    say: (d: Details) => {
      const t = sayNow();
      if (d.get('not_saved') !== undefined) return t('events.owner.anywayNotSaved');
      const until = clock(d.get('until'), d.at);
      if (until && d.get('restored') !== undefined) return t('events.owner.anywayRestored', { until });
      // While the owner's program runs, the node takes tasks because of the choice, not because their use ended.
      if (until && d.get('owner_busy') !== undefined) return t('events.owner.anywayBusy', { until });
      if (until) return t('events.owner.anyway', { until });
      const why = d.get('ended') ?? '';
      return t(Object.hasOwn(SHARE_ANYWAY_ENDED, why) ? SHARE_ANYWAY_ENDED[why]! : 'events.owner.ended');
    },
  },
  owner_watch_off: {
    label: 'events.label.ownerWatchOff',
    say: (d: Details) => {
      const said = d.plain();
      return said ? sentenceCase(said) : sayNow()('events.owner.watchOff');
    },
  },
} satisfies Record<string, Entry>;

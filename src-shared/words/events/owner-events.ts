/** The sentences of the owner-first events: the node gave the GPU back to its owner, and took work again. */
import type { OwnerTrigger } from '../../contract';
import { ownerCause } from '../owner-words';
import { clock, count, good, sentenceCase, type Details, type Entry } from './sentence-parts';

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
const SHARE_ANYWAY_ENDED: Readonly<Record<string, string>> = {
  time_up: 'Sharing anyway ended at the time you chose; your own use of the GPU comes first again.',
  stopped: 'You stopped sharing anyway; your own use of the GPU comes first again.',
  expired: 'Sharing anyway ended while the node was not running; your own use of the GPU comes first again.',
};

export const OWNER_EVENTS = {
  owner_yield: {
    label: 'Gave the GPU back to you',
    say: (d: Details) => {
      const t = triggerOf(d);
      return t ? `The node stopped taking tasks ${ownerCause(t)}.` : 'The node stopped taking tasks because you need the GPU.';
    },
  },
  owner_done: {
    label: 'Your own use ended',
    say: (d: Details) => {
      const at = clock(d.get('resume_at'), d.at);
      return at ? `Your own use of the GPU ended; the node takes tasks again at ${at}.` : 'Your own use of the GPU ended; the node takes tasks again after the wait you set.';
    },
  },
  owner_resumed: { label: 'Taking tasks again', say: () => good('The node takes tasks again after your own use of the GPU.') },
  owner_tasks_cut: {
    label: 'Tasks stopped for you',
    say: (d: Details) => {
      const n = d.num('tasks') ?? 0;
      return n === 0 ? 'No task was still running when the grace time ended.' : `Stopped ${count(n, 'task')} still running at the end of the grace time; no credits were claimed for them.`;
    },
  },
  owner_memory: {
    label: 'GPU memory freed',
    say: (d: Details) => {
      const said = d.plain();
      return said ? sentenceCase(said) : 'The node asked the LLM server to free the GPU memory.';
    },
  },
  owner_share_anyway: {
    label: 'Share anyway',
    say: (d: Details) => {
      if (d.get('not_saved') !== undefined) return 'Sharing anyway could not be saved, so it ends if the node restarts.';
      const until = clock(d.get('until'), d.at);
      if (until && d.get('restored') !== undefined) return `Sharing anyway goes on after the restart, until ${until}.`;
      // While the owner's program runs, the node takes tasks because of the choice, not because their use ended.
      if (until && d.get('owner_busy') !== undefined) return `You chose to share the GPU anyway until ${until}; the node takes tasks although you use the GPU.`;
      if (until) return `You chose to share the GPU anyway until ${until}.`;
      const why = d.get('ended') ?? '';
      return Object.hasOwn(SHARE_ANYWAY_ENDED, why) ? SHARE_ANYWAY_ENDED[why]! : 'Sharing anyway ended; your own use of the GPU comes first again.';
    },
  },
  owner_watch_off: {
    label: 'GPU watching off',
    say: (d: Details) => {
      const said = d.plain();
      return said ? sentenceCase(said) : 'Watching for your own use of the GPU stopped working and is off until the app restarts.';
    },
  },
} satisfies Record<string, Entry>;

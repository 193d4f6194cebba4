/**
 * The words for "the owner comes first": why the node gave the GPU back, and when it takes work again. One module for
 * the status sentence, the tray, the availability page and the engine's own state reason, so they always agree.
 * Program names come from other programs: they are quoted, with control and bidi characters removed.
 */
import type { OwnerInfo, OwnerTrigger } from '../contract';
import { quoteForeignText } from '../text/foreign-text';
import { isPlainForPeople } from '../text/plain-text';
import { formatIn } from '../text/wall-clock';

/** "2 min", "45 s", "1 h 30 min": a cooldown as a person says it. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const gb = (mib: number) => `${new Intl.NumberFormat(undefined, { minimumFractionDigits: mib >= 10 * 1024 ? 0 : 1, maximumFractionDigits: mib >= 10 * 1024 ? 0 : 1 }).format(mib / 1024)} GB`;

/**
 * What the owner is doing, as the cause of the pause ("you use the GPU (“Cyberpunk2077.exe”)"); a program's name is
 * cut to `nameChars` (a menu line keeps room for when the node comes back).
 */
export function ownerCause(t: OwnerTrigger, nameChars = 64): string {
  switch (t.kind) {
    case 'gpu_program':
      return `while you use the GPU (${quoteForeignText(t.name, nameChars)})`;
    case 'picked_program':
      return `while ${quoteForeignText(t.name, nameChars)} runs`;
    case 'fullscreen':
      // A window's class is often a code (`steam_app_1091500`), which says nothing to a person.
      return t.name && isPlainForPeople(t.name) ? `while a full-screen app is in front (${quoteForeignText(t.name, nameChars)})` : 'while a full-screen app is in front';
    case 'gpu_busy':
      // Said only when the node runs no task and no listed program is the LLM server's alone; on AMD the tool names
      // no program that draws, so the words do not claim to know which one it is.
      return "while the GPU is busy with work that is not the node's";
    case 'own_app':
      return 'while your apps use this computer’s model through the gateway';
    case 'gpu_memory':
      return `while another program uses ${gb(t.usedMiB)} of GPU memory`;
    case 'vram_floor':
      return `to keep ${gb(t.floorMiB)} of GPU memory free for you`;
    case 'power_ceiling':
      return `while the GPU draws more than your limit of ${t.limitW} W`;
    case 'temperature_ceiling':
      return `while the GPU is hotter than your limit of ${t.limitC} °C`;
  }
}

/** When the pause ends, in the trigger's own terms ("back 2 min after you stop"). */
function endsWhen(t: OwnerTrigger, cooldown: string): string {
  switch (t.kind) {
    case 'gpu_program':
    case 'gpu_busy':
    case 'gpu_memory':
    case 'own_app':
      return `back ${cooldown} after you stop`;
    case 'picked_program':
    case 'fullscreen':
      return `back ${cooldown} after it closes`;
    case 'vram_floor':
      return `back ${cooldown} after enough memory is free`;
    case 'power_ceiling':
    case 'temperature_ceiling':
      return `back ${cooldown} after it is below the limit`;
  }
}

/** A wait shorter than this is said as a duration on a line that counts down ("back in 2 min"). */
const SAY_AS_WAIT_MS = 3_600_000;

/**
 * The headline while the node yields ("Paused while you use the GPU (“Cyberpunk2077.exe”) — back 2 min after you
 * stop") or cools down ("Your GPU is free again — back at 18:02"). `at` formats a time in the person's locale.
 * `now` is given only by a line that is redrawn as time passes (the window's status sentence): there a wait of
 * less than an hour reads as one ("back in 2 min"); a line read later (the tray's menu, the log) names the time.
 */
export function ownerSentence(o: OwnerInfo, at: (iso: string) => string, nameChars?: number, now?: number): string | null {
  if (o.phase === 'serving' || !o.trigger) return null;
  if (o.phase === 'cooling') {
    const resume = o.resumeAt ? Date.parse(o.resumeAt) : NaN;
    if (!o.resumeAt || Number.isNaN(resume)) return 'Paused for your own use — back shortly';
    if (now !== undefined && resume - now < SAY_AS_WAIT_MS) return `Paused for your own use — back ${resume - now < 1_000 ? 'shortly' : formatIn(resume - now)}`;
    return `Paused for your own use — back at ${at(o.resumeAt)}`;
  }
  return `Paused ${ownerCause(o.trigger, nameChars)} — ${endsWhen(o.trigger, formatDuration(o.cooldownSeconds))}`;
}

/** What the directory sees meanwhile: said so the person knows their standing is safe. */
export const OWNER_STANDING_WORDS = 'The directory sees your node as unavailable, not failing: your standing is kept.';

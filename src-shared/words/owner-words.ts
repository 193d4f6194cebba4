/**
 * The words for "the owner comes first": why the node gave the GPU back, and when it takes work again. One module for
 * the status sentence, the tray, the availability page and the engine's own state reason, so they always agree.
 * Program names come from other programs: they are quoted, with control and bidi characters removed.
 */
import type { OwnerInfo, OwnerTrigger } from '../contract';
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';
import { quotedSaid } from '../text/foreign-text';
import { isPlainForPeople } from '../text/plain-text';
import { formatIn } from '../text/wall-clock';

/** "2 min", "45 s", "1 h 30 min": a cooldown as a person says it, as a sentence each language words. */
export function durationSaid(seconds: number): Said {
  if (seconds < 60) return said('status.owner.duration.seconds', { seconds });
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  if (h === 0) return said('status.owner.duration.minutes', { minutes: m });
  return m === 0
    ? said('status.owner.duration.hours', { hours: h })
    : said('status.owner.duration.hoursMinutes', { hours: h, minutes: m });
}

/** "2 min", "45 s", "1 h 30 min": a cooldown in this process's language. */
export function formatDuration(seconds: number): string {
  return sayNow().said(durationSaid(seconds));
}

const gb = (mib: number) =>
  `${new Intl.NumberFormat(sayNow().locale, { minimumFractionDigits: mib >= 10 * 1024 ? 0 : 1, maximumFractionDigits: mib >= 10 * 1024 ? 0 : 1 }).format(mib / 1024)} GB`;

/**
 * What the owner is doing, as the cause of the pause ("you use the GPU (“Cyberpunk2077.exe”)"); a program's name is
 * cut to `nameChars` (a menu line keeps room for when the node comes back).
 */
export function ownerCauseSaid(t: OwnerTrigger, nameChars = 64): Said {
  switch (t.kind) {
    case 'gpu_program':
      return said('status.owner.cause.gpuProgram', { name: quotedSaid(t.name, nameChars) });
    case 'picked_program':
      return said('status.owner.cause.pickedProgram', { name: quotedSaid(t.name, nameChars) });
    case 'fullscreen':
      // A window's class is often a code (`steam_app_1091500`), which says nothing to a person.
      return t.name && isPlainForPeople(t.name)
        ? said('status.owner.cause.fullscreenNamed', { name: quotedSaid(t.name, nameChars) })
        : said('status.owner.cause.fullscreen');
    case 'gpu_busy':
      // Said only when the node runs no task and no listed program is the LLM server's alone; on AMD the tool names
      // no program that draws, so the words do not claim to know which one it is.
      return said('status.owner.cause.gpuBusy');
    case 'own_app':
      return said('status.owner.cause.ownApp');
    case 'gpu_memory':
      return said('status.owner.cause.gpuMemory', { size: gb(t.usedMiB) });
    case 'vram_floor':
      return said('status.owner.cause.vramFloor', { size: gb(t.floorMiB) });
    case 'power_ceiling':
      return said('status.owner.cause.power', { watts: t.limitW });
    case 'temperature_ceiling':
      return said('status.owner.cause.temperature', { degrees: t.limitC });
  }
}

/** The cause of the pause in this process's language. */
export function ownerCause(t: OwnerTrigger, nameChars = 64): string {
  return sayNow().said(ownerCauseSaid(t, nameChars));
}

/** When the pause ends, in the trigger's own terms ("back 2 min after you stop"). */
function endsWhen(t: OwnerTrigger, cooldown: Said): Said {
  switch (t.kind) {
    case 'gpu_program':
    case 'gpu_busy':
    case 'gpu_memory':
    case 'own_app':
      return said('status.owner.ends.afterStop', { cooldown });
    case 'picked_program':
    case 'fullscreen':
      return said('status.owner.ends.afterClose', { cooldown });
    case 'vram_floor':
      return said('status.owner.ends.afterMemory', { cooldown });
    case 'power_ceiling':
    case 'temperature_ceiling':
      return said('status.owner.ends.belowLimit', { cooldown });
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
export function ownerSaid(o: OwnerInfo, at: (iso: string) => string, nameChars?: number, now?: number): Said | null {
  if (o.phase === 'serving' || !o.trigger) return null;
  if (o.phase === 'cooling') {
    const resume = o.resumeAt ? Date.parse(o.resumeAt) : NaN;
    if (!o.resumeAt || Number.isNaN(resume)) return said('status.owner.backShortly');
    if (now !== undefined && resume - now < SAY_AS_WAIT_MS)
      return resume - now < 1_000
        ? said('status.owner.backShortly')
        : said('status.owner.backIn', { when: formatIn(resume - now) });
    return said('status.owner.backAt', { time: at(o.resumeAt) });
  }
  return said('status.owner.paused', {
    cause: ownerCauseSaid(o.trigger, nameChars),
    ends: endsWhen(o.trigger, durationSaid(o.cooldownSeconds)),
  });
}

/** The same headline in this process's language (the tray's menu, the window's status sentence). */
export function ownerSentence(
  o: OwnerInfo,
  at: (iso: string) => string,
  nameChars?: number,
  now?: number,
): string | null {
  const s = ownerSaid(o, at, nameChars, now);
  return s === null ? null : sayNow().said(s);
}

/** What the directory sees meanwhile: said so the person knows their standing is safe. */
export function ownerStandingWords(): string {
  return sayNow()('status.owner.standing');
}

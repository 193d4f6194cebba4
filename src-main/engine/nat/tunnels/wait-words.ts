import { said, type Said } from '@shared/i18n/said';

/** A wait in words: whole minutes from 90 s on, else seconds (one decimal below 10 s). */
export function waitWords(ms: number): Said {
  if (ms >= 90_000) return said('tunnel.time.minutes', { minutes: Math.round(ms / 60_000) });
  const s = ms / 1000;
  return said('tunnel.time.seconds', {
    seconds: s >= 10 || Number.isInteger(s) ? Math.round(s) : Math.round(s * 10) / 10,
  });
}

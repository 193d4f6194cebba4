import { useEffect, useState } from 'react';
import { wallClock, type WallClock } from '../../lib/zone-time';

const TICK_MS = 30_000;

/** The wall clock in `timeZone`, re-read every 30 s: enough to mark the current hour, cheap for a big grid. */
export function useZoneClock(timeZone: string): WallClock {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  return wallClock(now, timeZone);
}

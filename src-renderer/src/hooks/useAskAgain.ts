import { useEffect } from 'react';

/**
 * Asks the host again every `everyMs` while the page is shown, the host is connected and the window is in view. For a
 * page whose details move without the snapshot's headline of them moving (ages, what the directory or another machine
 * says): the snapshot's headline brings a fresh answer at once, this brings the rest (docs/adr/0017).
 */
export function useAskAgain(reload: () => void, everyMs: number, connected: boolean): void {
  useEffect(() => {
    if (!connected) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') reload();
    }, everyMs);
    return () => window.clearInterval(timer);
  }, [connected, reload, everyMs]);
}

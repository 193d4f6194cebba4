/**
 * What the desktop can tell the availability policy about the computer (power source, idle time), from
 * Electron's `powerMonitor`, and the events that make the engine look again at once: waking from sleep
 * (heartbeat now, the router mapping checked again) and a change of power source.
 */
import type { PowerMonitor } from 'electron';
import type { HostConditions } from '@engine/availability';

export type PowerMonitorLike = Pick<PowerMonitor, 'isOnBatteryPower' | 'getSystemIdleTime' | 'on' | 'removeListener'>;

/**
 * The engine's `hostConditions`. `powerMonitor` only works once the app is ready and may throw on systems
 * that cannot answer; then the answer is "unknown" (null), which never blocks the node.
 */
export function powerHostConditions(
  powerMonitor: Pick<PowerMonitor, 'isOnBatteryPower' | 'getSystemIdleTime'>,
): HostConditions {
  return {
    onBattery() {
      try {
        return powerMonitor.isOnBatteryPower();
      } catch {
        return null;
      }
    },
    idleSeconds() {
      try {
        const seconds = powerMonitor.getSystemIdleTime();
        return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * Calls `wake()` on every wake-up (`resume`) and power-source change (`on-ac`, `on-battery`) (and `after()`, e.g. a
 * tray refresh). Returns a function that stops listening.
 */
export function wakeOnPowerEvents(
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>,
  node: { wake(): void },
  after?: () => void,
): () => void {
  const listener = () => {
    try {
      node.wake();
    } catch (err) {
      console.warn(
        `[app] the node could not re-check after a power event: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    after?.();
  };
  powerMonitor.on('resume', listener);
  powerMonitor.on('on-ac', listener);
  powerMonitor.on('on-battery', listener);
  return () => {
    powerMonitor.removeListener('resume', listener);
    powerMonitor.removeListener('on-ac', listener);
    powerMonitor.removeListener('on-battery', listener);
  };
}

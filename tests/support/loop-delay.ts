import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The event loop's delay in windows: each call returns the p99 and worst delay (ms) since the previous call and starts
 * a new window. Beside a health figure it tells whether the node's own loop waited or something outside it did.
 */
export function loopDelayWindows(): () => { p99: number; max: number } {
  let loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  return () => {
    loop.disable();
    const r = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    return r;
  };
}

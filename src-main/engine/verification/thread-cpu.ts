/**
 * CPU time of the calling thread in milliseconds: what a page of the signed log cost the verifier's thread, however
 * busy the rest of the computer is. Where the runtime cannot tell one thread's time (an older Node), the wall clock
 * stands in, which only ever counts more.
 */
export function threadCpuMs(): number {
  const own = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  if (typeof own === 'function') {
    const u = own.call(process);
    return (u.user + u.system) / 1000;
  }
  return performance.now();
}

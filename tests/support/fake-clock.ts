/** A clock tests can move; starts at a fixed UTC instant mid-hour (so "next hour" and "in 30 s" are both exercised). */
export function fakeClock(start = Date.parse('2026-08-22T12:30:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

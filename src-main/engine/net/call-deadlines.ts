/**
 * The deadlines of the HTTP calls in flight, watched by one shared timer instead of a timer per call.
 *
 * Why: a timer per call is created and cleared on every backend call, and all but a handful of calls end long
 * before their deadline (a task's is a minute). Here a call costs a clock read and two links in a list; the timer
 * is armed for the earliest deadline only, and left armed when calls end early (it then finds nothing due, or
 * re-arms itself for the earliest deadline still in flight), so a steady flow of calls with the same timeout
 * arms it about once per timeout. The guarantees of a timer per call stay: a call past its deadline is told
 * (within the same millisecond a timer would give), and nothing of a call stays reachable once it has ended —
 * it leaves the list, and the timer's callback holds only the list.
 *
 * The timer does not keep the process alive: a call in flight does, through its socket. It is node's own timer,
 * taken when this module loads: a test that fakes the clock for something else does not stop timeouts from firing.
 */

const { setTimeout: startTimer, clearTimeout: stopTimer } = globalThis;
const clock = { now: performance.now.bind(performance) };

/**
 * A call with a deadline (`deadlineAfter()`: `performance.now()` time). The links are this list's; only it touches
 * them.
 */
export interface Deadlined {
  readonly deadline: number;
  prevDue: Deadlined | null;
  nextDue: Deadlined | null;
  /** Its deadline passed (called once; it is off the list by then). */
  expired(): void;
}

let head: Deadlined | null = null;
let timer: NodeJS.Timeout | null = null;
/** The deadline the timer is armed for (Infinity: none). */
let armedFor = Number.POSITIVE_INFINITY;
/** A timer may fire up to a millisecond before `performance.now()` reaches its end (libuv counts whole ms). */
const SLACK_MS = 1;

/** The deadline of a call that starts now with this timeout. */
export function deadlineAfter(timeoutMs: number): number {
  return clock.now() + timeoutMs;
}

/** Starts watching `d` (not on the list yet). */
export function watchDeadline(d: Deadlined): void {
  d.prevDue = null;
  d.nextDue = head;
  if (head !== null) head.prevDue = d;
  head = d;
  if (d.deadline < armedFor) arm(d.deadline);
}

/** Stops watching `d` (it ended); a call not on the list is left alone. */
export function unwatchDeadline(d: Deadlined): void {
  const { prevDue, nextDue } = d;
  if (prevDue === null && head !== d) return;
  if (prevDue !== null) prevDue.nextDue = nextDue;
  else head = nextDue;
  if (nextDue !== null) nextDue.prevDue = prevDue;
  d.prevDue = null;
  d.nextDue = null;
}

/** Calls being watched (tests). */
export function watchedDeadlines(): number {
  let n = 0;
  for (let d = head; d !== null; d = d.nextDue) n++;
  return n;
}

function arm(at: number): void {
  if (timer !== null) stopTimer(timer);
  armedFor = at;
  timer = startTimer(check, Math.max(1, Math.ceil(at - clock.now())));
  timer.unref();
}

function check(): void {
  timer = null;
  armedFor = Number.POSITIVE_INFINITY;
  const now = clock.now();
  const due: Deadlined[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (let d = head; d !== null; d = d.nextDue) {
    if (d.deadline - now < SLACK_MS) due.push(d);
    else if (d.deadline < next) next = d.deadline;
  }
  // In deadline order, also when a busy event loop let several fall due at once.
  if (due.length > 1) due.sort((a, b) => a.deadline - b.deadline);
  for (const d of due) {
    unwatchDeadline(d);
    d.expired();
  }
  // A call that `expired()` started (a retry) has armed the timer already if it is due earlier.
  if (next < armedFor) arm(next);
}

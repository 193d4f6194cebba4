/**
 * The words of this process now, for plain functions that make sentences without React (the shared status sentence,
 * event sentences): the page says them in the page's language, the tray in the desktop app's. Each process sets the
 * source once at start (`speakWith`); until then, and in the engine (which makes `Said`, never words), it is English.
 */
import { english, type Say } from './say';

let source: () => Say = () => english;

/** Sets where this process's words come from; called once by the page and once by the desktop host. */
export function speakWith(next: () => Say): void {
  source = next;
}

/** The words of this process now: call it inside the function that speaks, never at module level. */
export function sayNow(): Say {
  return source();
}

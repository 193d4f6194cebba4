import type { TryTokens } from '../spending';
import type { CallOutcome, SealedTask } from './sealed-call';

/**
 * How one try is made: by default the buffered sealed call; the stream route (stream-route.ts) streams from a node
 * that can. `wholeMs` is what is left of the request's time, `own` whether the node is one of the person's machines,
 * `lowered` the answer's length when it was cut to fit a limit (told to the app before the first piece).
 */
export type TryCall = (
  task: SealedTask,
  x: { wholeMs: number; own: boolean; tokens: TryTokens; lowered: number | null },
) => Promise<CallOutcome>;

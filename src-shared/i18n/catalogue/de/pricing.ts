/** Die deutschen Wörter von pricing: dieselben ids wie en/pricing.ts, keine fehlt. */
import type { messages as en } from '../en/pricing';

export const messages: Record<keyof typeof en, string> = {
};

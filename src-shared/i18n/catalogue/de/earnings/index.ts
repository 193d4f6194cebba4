/** Die deutschen Wörter von earnings, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/earnings';
import { messages as overview } from './overview';
import { messages as wallet } from './wallet';
import { messages as books } from './books';
import { messages as ledger } from './ledger';
import { messages as verify } from './verify';

export const messages: Record<keyof typeof en, string> = { ...overview, ...wallet, ...books, ...ledger, ...verify };

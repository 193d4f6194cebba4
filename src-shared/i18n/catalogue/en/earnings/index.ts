/** The English words of earnings, part by part (one file a part): every id starts with "earnings.". */
import { messages as overview } from './overview';
import { messages as wallet } from './wallet';
import { messages as books } from './books';
import { messages as ledger } from './ledger';
import { messages as verify } from './verify';

export const messages = { ...overview, ...wallet, ...books, ...ledger, ...verify } as const;

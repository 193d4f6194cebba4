/**
 * The English words of events, part by part (one file a part): each event's sentence (Logs, the Dashboard) and its
 * kind (the Logs filter).
 */
import { messages as node } from './node';
import { messages as labels } from './labels';
import { messages as directory } from './directory';
import { messages as fleet } from './fleet';
import { messages as earnings } from './earnings';
import { messages as network } from './network';

export const messages = { ...node, ...labels, ...directory, ...fleet, ...earnings, ...network } as const;

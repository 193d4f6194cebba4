/** Die deutschen Wörter von events, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/events';
import { messages as node } from './node';
import { messages as labels } from './labels';
import { messages as directory } from './directory';
import { messages as fleet } from './fleet';
import { messages as earnings } from './earnings';
import { messages as network } from './network';

export const messages: Record<keyof typeof en, string> = {
  ...node,
  ...labels,
  ...directory,
  ...fleet,
  ...earnings,
  ...network,
};

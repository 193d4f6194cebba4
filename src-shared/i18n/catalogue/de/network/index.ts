/** Die deutschen Wörter von network, Teil für Teil: jeder Teil ist gegen seinen englischen getypt. */
import type { messages as en } from '../../en/network';
import { messages as status } from './status';
import { messages as mapping } from './mapping';
import { messages as exposure } from './exposure';
import { messages as guidance } from './guidance';
import { messages as probe } from './probe';
import { messages as check } from './check';
import { messages as link } from './link';

export const messages: Record<keyof typeof en, string> = {
  ...status,
  ...mapping,
  ...exposure,
  ...guidance,
  ...probe,
  ...check,
  ...link,
};

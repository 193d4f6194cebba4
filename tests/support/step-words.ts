/**
 * Detection steps in English, as the log says them: the engine keeps each step as a sentence (`Said`) with its time,
 * and tests that look for what the node did read the English words.
 */
import type { DetectionStep } from '@shared/contract';
import { english } from '@shared/i18n/say';

export const stepWords = (steps: readonly DetectionStep[]): string[] => steps.map((s) => english.said(s.words));

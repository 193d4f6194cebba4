/** An engine-made sentence (or none) as a person reading English sees it: for tests that read the engine's words. */
import type { Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

export const inEnglish = (s: Said | null | undefined): string | null => (s ? english.said(s) : null);

import type { RequestOutcome } from '@shared/contract';
import type { Tone } from '../../format';
import { NAV_ROUTES, routeHref, type RouteId } from '../../routes';

export const OUTCOME_WORDS: Record<RequestOutcome, { label: string; tone: Tone }> = {
  served: { label: 'Served', tone: 'ok' },
  refused: { label: 'Turned away', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
};

const PAGES: ReadonlySet<string> = new Set<string>(NAV_ROUTES.map((r) => r.id));

/** The link of an engine action (`{ route: 'settings' }`), or null for a page this app does not have. */
export function actionHref(route: string): string | null {
  return PAGES.has(route) ? routeHref(route as RouteId) : null;
}

/** A sentence continued after a colon: its first letter lowered, unless it starts an abbreviation ("LLM"). */
export function continued(words: string): string {
  return /^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words;
}

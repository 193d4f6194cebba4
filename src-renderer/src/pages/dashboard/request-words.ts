import type { RequestDelivery, RequestOutcome } from '@shared/contract';
import type { Tone } from '../../format';
import { NAV_ROUTES, routeHref, type RouteId } from '../../routes';

export const OUTCOME_WORDS: Record<RequestOutcome, { label: string; tone: Tone }> = {
  served: { label: 'Served', tone: 'ok' },
  refused: { label: 'Turned away', tone: 'warn' },
  failed: { label: 'Failed', tone: 'bad' },
};

/** How an answer went, where it is worth a word: the row's short marker, and its tooltip. */
export const DELIVERY_WORDS: Record<RequestDelivery, { label: string; title: string }> = {
  streamed: { label: 'Streamed', title: 'The answer went to the consumer piece by piece, as your model wrote it.' },
  relayed: { label: 'Whole: came through the relay', title: 'The relay carries whole tasks. So this answer went in one piece, not streamed.' },
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

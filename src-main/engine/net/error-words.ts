import type { MessageId } from '@shared/i18n/catalogue';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import { networkCodeId } from '@shared/words/error-words';
import { addressRefusalOf, type AddressRefused } from './address-place';

const PLACE_IDS: Record<AddressRefused['place'], MessageId> = {
  this_computer: 'network.health.place.thisComputer',
  private: 'network.health.place.private',
  not_public: 'network.health.place.notPublic',
};

/** Why an address was refused, as a sentence ("its address is on this computer…"). */
export function placeSaid(place: AddressRefused['place']): Said {
  return said(PLACE_IDS[place]);
}

/**
 * A failed network call in a few plain words, from its error (and undici's `cause` code), kept as a catalogue id so the
 * page says it in the person's language: what the Network page, the relay worker's steps, the public health probe and
 * "Why am I not getting tasks?" say instead of an errno dump. `null` when the error says nothing recognisable. The
 * code's words are shared with the event log's sentences (src-shared/words/error-words.ts).
 */
export function networkErrorSaid(err: unknown): Said | null {
  if (!(err instanceof Error)) return null;
  const refused = addressRefusalOf(err);
  if (refused) return placeSaid(refused.place);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return said('status.error.timeout');
  const own = (err as { code?: unknown }).code;
  const cause = (err as { cause?: unknown }).cause;
  const code =
    cause && typeof cause === 'object' && 'code' in cause
      ? String((cause as { code: unknown }).code)
      : typeof own === 'string'
        ? own
        : null;
  const id = networkCodeId(code);
  return id ? said(id) : null;
}

/** The same words in English, for log lines. */
export function networkErrorWords(err: unknown): string | null {
  const words = networkErrorSaid(err);
  return words ? english.said(words) : null;
}

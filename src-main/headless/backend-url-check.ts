/**
 * The `--backend-url` the host is given, judged like every other LLM server address (`net/server-address.ts`): on
 * this computer or its local network, and a link-local one (where cloud providers run their metadata service) only
 * with `--allow-link-local-backend`. An address is judged as the flags are read; a name when the host starts, on
 * what it resolves to then.
 */
import {
  classifyIp,
  judgeServerUrl,
  linkLocalWords,
  NOT_LOCAL_WORDS,
  serverPlaceOf,
  type HostResolver,
  type ServerVerdict,
} from '@engine/net';

/** How the person confirms a link-local server for a headless run. */
export const LINK_LOCAL_CONFIRMATION =
  'To use it anyway, pass --allow-link-local-backend (or set IICP_ALLOW_LINK_LOCAL_BACKEND=1).';

function refusal(verdict: ServerVerdict, allowLinkLocal: boolean): string | null {
  if (verdict.place === 'elsewhere') return `--backend-url: ${NOT_LOCAL_WORDS}`;
  if (verdict.place === 'link_local' && !allowLinkLocal)
    return `--backend-url: ${linkLocalWords(verdict.byName)} ${LINK_LOCAL_CONFIRMATION}`;
  return null;
}

/**
 * Why the host must not run with this URL's address, or null; a URL whose host is a name waits for
 * `backendNameRefusal`.
 */
export function backendAddressRefusal(url: string, allowLinkLocal: boolean): string | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null; // the URL's own rule says what is wrong with it
  }
  if (classifyIp(host) === null) return null;
  return refusal({ place: serverPlaceOf(host), byName: false }, allowLinkLocal);
}

/**
 * Why the host must not start with this URL, or null, a name resolved now. A name with no address yet (a service that
 * starts before its network) is not held against the start: the LLM server card then says it does not answer.
 */
export async function backendNameRefusal(
  url: string,
  allowLinkLocal: boolean,
  resolve?: HostResolver,
): Promise<string | null> {
  const verdict = await judgeServerUrl(url, resolve);
  if (verdict.unresolved) return null;
  return refusal(verdict, allowLinkLocal);
}

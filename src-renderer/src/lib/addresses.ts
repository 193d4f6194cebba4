/**
 * Addresses a person types, checked the way the host checks them, so its refusal is the exception: an LLM server's
 * address (Settings' and the setup wizard's "Add a server") and the node's optional public URL. No React.
 */

/** The server root the host probes: trailing `/` and one trailing `/v1` removed (as the engine does). */
export function serverRoot(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed.slice(0, -'/v1'.length) : trimmed;
}

/**
 * What the person typed as an LLM server's address, as a URL the host accepts. A bare `host:port` gets
 * `http://` in front, since that is what local servers speak.
 */
export function parseServerAddress(raw: string): { url: string } | { error: string } {
  const text = raw.trim();
  if (!text) return { error: 'Enter the address of the server, for example http://192.168.1.20:11434.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { error: 'This is not a web address. It looks like http://192.168.1.20:11434.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'The address must start with http:// or https://.' };
  if (parsed.username || parsed.password) return { error: 'Leave the user name and password out of the address; use the API key field.' };
  if (parsed.search || parsed.hash) return { error: 'The address must not contain ? or #.' };
  return { url: serverRoot(withScheme) };
}

/** The contract's limit on a URL setting. */
const MAX_URL_LENGTH = 2048;

/**
 * An optional public URL: empty means none (null). Mirrors the contract's check (a URL of at most 2048
 * characters that starts with http:// or https://), so the host's refusal is the exception.
 */
export function parsePublicUrl(raw: string): { value: string | null } | { error: string } {
  const text = raw.trim();
  if (!text) return { value: null };
  if (text.length > MAX_URL_LENGTH) return { error: `The address is too long (at most ${MAX_URL_LENGTH} characters).` };
  if (!/^https?:\/\//i.test(text)) {
    return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/]+:\d/.test(text)
      ? { error: 'The address must start with http:// or https://.' }
      : { error: 'Enter a full address starting with http:// or https://, such as https://my-node.example.net, or leave the field empty.' };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { error: 'Enter a full address such as https://my-node.example.net, or leave the field empty.' };
  }
  if (!parsed.hostname) return { error: 'The address needs a host name or IP address after http://.' };
  return { value: text };
}

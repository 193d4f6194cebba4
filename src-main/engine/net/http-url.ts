/** `text` as an `http:` or `https:` URL; null when it does not parse or names another scheme. */
export function parseHttpUrl(text: string): URL | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
}

/**
 * The first value of a header among raw name/value pairs (as node:http keeps them, and as undici hands them over),
 * without building a headers object; null if absent. `name` in lower case.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | null {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i]!;
    if (n.length === name.length && n.toLowerCase() === name) return rawHeaders[i + 1] ?? null;
  }
  return null;
}

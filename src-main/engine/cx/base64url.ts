const BASE64URL_ALPHABET = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Strict unpadded base64url, or null. Node's own decoder skips characters it does not know and accepts the
 * standard alphabet and padding, which would let two different strings stand for the same bytes (and let
 * a mangled field decode to something shorter instead of failing loudly).
 */
export function decodeBase64url(text: string): Buffer | null {
  if (text.length % 4 === 1 || !BASE64URL_ALPHABET.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  // Node ignores non-zero bits in the last character; re-encoding rejects those non-canonical spellings.
  if (bytes.toString('base64url') !== text) return null;
  return bytes;
}

/** Longest unpadded base64url text that can decode to at most `bytes` bytes. */
export function maxBase64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

import { createHmac } from 'node:crypto';

/** Lowercase-hex HMAC-SHA256 keyed with the UTF-8 bytes of `key` (the node_hmac_key is never hex-decoded). */
export function hmacHex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
}

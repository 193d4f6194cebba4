/**
 * A code another program sent (a directory's `IICP-E049`, its probe's `connection_refused`) is matched and shown only
 * as it arrived. Cleaning is for text a person reads as data; done to a code it would turn `IICP-E0\u200b49` or
 * `IICP-E049\u202e` into `IICP-E049`, a code the sender never sent, and the node would then act and speak on it. So a
 * code with anything but letters, digits and `_ . : -` in it (a space, an invisible or bidi character), or longer than
 * 64, is no code at all: neither matched nor shown.
 */
const PLAIN_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `raw` when it is a plain code exactly as it came, else null (never a cleaned version of it). */
export function plainCode(raw: unknown): string | null {
  return typeof raw === 'string' && PLAIN_CODE.test(raw) ? raw : null;
}

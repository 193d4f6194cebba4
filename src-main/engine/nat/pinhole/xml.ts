/**
 * Just enough XML reading for UPnP device descriptions and SOAP answers, without a parser dependency. Both are
 * flat, machine-written documents; what matters is reading them safely when a device on the LAN sends garbage:
 * sizes are capped, no entity is ever expanded beyond the five predefined ones and character references, and no
 * DOCTYPE is honoured.
 */

/** Larger than any real device description or SOAP answer (miniupnpd's description is under 4 kB). */
export const MAX_XML_CHARS = 256 * 1024;
const MAX_ELEMENTS = 500;

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

export interface XmlElement {
  /** The element's name without its namespace prefix. */
  name: string;
  /** Raw content between the tags (empty for `<x/>`). */
  inner: string;
}

const NAME = '[A-Za-z_][\\w.-]*';

/** Drops comments, processing instructions and a DOCTYPE, and refuses documents past the size cap. */
export function cleanXml(xml: string): string {
  if (xml.length > MAX_XML_CHARS) throw new XmlError(`XML document larger than ${MAX_XML_CHARS} characters`);
  return xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
}

/**
 * Elements named `localName` (any namespace prefix), outermost first. Not for elements that nest inside
 * themselves (a `<device>` inside a `<device>`); the UPnP elements read here never do.
 */
export function elements(xml: string, localName: string): XmlElement[] {
  if (!/^[A-Za-z_][\w.-]*$/.test(localName)) throw new XmlError(`bad element name ${localName}`);
  const re = new RegExp(`<(?:${NAME}:)?(${localName})(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:${NAME}:)?${localName}\\s*>)`, 'g');
  const out: XmlElement[] = [];
  for (const m of xml.matchAll(re)) {
    out.push({ name: m[1]!, inner: m[2] ?? '' });
    if (out.length >= MAX_ELEMENTS) break;
  }
  return out;
}

/** The direct child elements of a fragment whose content is plain text, as name → decoded, trimmed text. */
export function simpleChildren(fragment: string): Map<string, string> {
  const re = new RegExp(`<(?:${NAME}:)?(${NAME})(?:\\s[^>]*?)?(?:/>|>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</(?:${NAME}:)?\\1\\s*>)`, 'g');
  const out = new Map<string, string>();
  for (const m of fragment.matchAll(re)) {
    if (!out.has(m[1]!)) out.set(m[1]!, decodeXmlText(m[2] ?? ''));
    if (out.size >= MAX_ELEMENTS) break;
  }
  return out;
}

/** The decoded, trimmed text of the first `localName` element holding only text, or null. */
export function textOf(xml: string, localName: string): string | null {
  for (const el of elements(xml, localName)) {
    const inner = el.inner.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    if (!inner.includes('<')) return decodeXmlText(el.inner);
  }
  return null;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Resolves CDATA sections, the five predefined entities and character references; anything else stays as written. */
export function decodeXmlText(raw: string): string {
  const parts = raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/);
  return parts
    .map((p) =>
      p.startsWith('<![CDATA[')
        ? p.slice(9, -3)
        : p.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
            if (ref.startsWith('#')) {
              const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
              return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : whole;
            }
            return PREDEFINED[ref] ?? whole;
          }),
    )
    .join('')
    .trim();
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

import { SaxesParser } from 'saxes';

/**
 * Reading the XML a LAN device sends (UPnP device descriptions, SOAP answers) with saxes: a streaming parser that
 * looks at each character once, so its time grows with the document's length and nothing a device writes can make it
 * backtrack. No DTD is read, so no entity beyond the five predefined ones and character references is ever expanded.
 * It is lenient the way routers need (an undefined entity or a stray `&` stays as written), but a document with more
 * errors than a sloppy device makes is refused. The callers run it in a worker with a time budget (xml-reader.ts).
 */

/** Larger than any real device description or SOAP answer (miniupnpd's description is under 4 kB). */
export const MAX_XML_CHARS = 256 * 1024;
/** miniupnpd's description has about 100 elements; a FRITZ!Box's a few hundred. */
const MAX_ELEMENTS = 10_000;
const MAX_DEPTH = 64;
/** Well-formedness errors tolerated (routers write `&` unescaped in URLs); past this the document is garbage. */
const MAX_ERRORS = 50;
/** Text kept per element: URLs and names are short; a longer text is dropped, not read. */
const MAX_TEXT_CHARS = 4 * 1024;

export type XmlErrorCode = 'too_large' | 'malformed' | 'too_slow' | 'unavailable';

export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    readonly code: XmlErrorCode = 'malformed',
  ) {
    super(message);
  }
}

export interface XmlEvents {
  /** An element starts. `parents` are the local names of the elements around it, outermost first. */
  open?(name: string, parents: readonly string[]): void;
  /**
   * An element ends. `text` is its decoded, trimmed text when it holds only text (CDATA included), null when it has
   * child elements or its text is longer than anything a device legitimately writes.
   */
  close?(name: string, parents: readonly string[], text: string | null): void;
}

/** The name without its namespace prefix. */
const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

interface Open {
  name: string;
  text: string;
  /** False once a child element starts or the text passes the cap. */
  textOnly: boolean;
}

/** Walks `xml` once, calling `events` with local names; throws XmlError past the size, element, depth or error caps. */
export function walkXml(xml: string, events: XmlEvents): void {
  if (xml.length > MAX_XML_CHARS)
    throw new XmlError(`XML document larger than ${MAX_XML_CHARS} characters`, 'too_large');
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: Open[] = [];
  const names: string[] = [];
  let elements = 0;
  let errors = 0;
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (!top || !top.textOnly) return;
    if (top.text.length + t.length > MAX_TEXT_CHARS) {
      top.textOnly = false;
      top.text = '';
    } else top.text += t;
  };
  parser.on('error', (err) => {
    errors += 1;
    if (errors > MAX_ERRORS) throw new XmlError(`not well-formed XML (${err.message.replace(/^.*?:\s*/, '')})`);
  });
  parser.on('opentag', (tag) => {
    elements += 1;
    if (elements > MAX_ELEMENTS)
      throw new XmlError(`XML document with more than ${MAX_ELEMENTS} elements`, 'too_large');
    if (stack.length >= MAX_DEPTH) throw new XmlError(`XML elements nested deeper than ${MAX_DEPTH}`, 'too_large');
    const top = stack[stack.length - 1];
    if (top) {
      top.textOnly = false;
      top.text = '';
    }
    const name = localName(tag.name);
    events.open?.(name, names);
    stack.push({ name, text: '', textOnly: true });
    names.push(name);
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const el = stack.pop();
    names.pop();
    if (el) events.close?.(el.name, names, el.textOnly ? el.text.trim() : null);
  });
  parser.write(xml).close();
}

/** The text-only children of the first `parent` element, in order, first occurrence of a name wins. */
export function childTexts(xml: string, parent: string, max = 64): [string, string][] {
  const out = new Map<string, string>();
  let depth = -1;
  let done = false;
  walkXml(xml, {
    open(name, parents) {
      if (!done && depth < 0 && name === parent) depth = parents.length;
    },
    close(name, parents, text) {
      if (depth < 0 || done) return;
      if (parents.length === depth && name === parent) done = true;
      else if (parents.length === depth + 1 && text !== null && !out.has(name) && out.size < max) out.set(name, text);
    },
  });
  return [...out];
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

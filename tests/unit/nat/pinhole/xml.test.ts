import { describe, expect, it } from 'vitest';
import { cleanXml, decodeXmlText, elements, escapeXml, MAX_XML_CHARS, simpleChildren, textOf, XmlError } from '../../../../src-main/engine/nat/pinhole/xml';

describe('pinhole xml reading', () => {
  it('finds elements by local name whatever their namespace prefix, and not elements whose name merely starts the same', () => {
    const xml = '<d:serviceList><d:service a="1">x</d:service><service/><serviceType>t</serviceType></d:serviceList>';
    expect(elements(xml, 'service')).toEqual([
      { name: 'service', inner: 'x' },
      { name: 'service', inner: '' },
    ]);
    expect(elements(xml, 'serviceList')).toHaveLength(1);
  });

  it('reads only text content: an element with child elements has no text', () => {
    expect(textOf('<a><b>1</b></a><b>2</b>', 'a')).toBeNull();
    expect(textOf('<a><b>1</b></a><b>2</b>', 'b')).toBe('1');
    expect(textOf('<x/>', 'x')).toBe('');
    expect(textOf('<y>1</y>', 'x')).toBeNull();
  });

  it('decodes the predefined entities, character references and CDATA, and nothing else', () => {
    expect(decodeXmlText(' a &lt;b&gt; &amp;amp; &quot;&apos; &#65;&#x42; ')).toBe(`a <b> &amp; "' AB`);
    expect(decodeXmlText('<![CDATA[/ctl?a=1&b=<2>]]>')).toBe('/ctl?a=1&b=<2>');
    // Custom entities are never expanded (no DTD is read), surrogates and out-of-range references stay as written.
    expect(decodeXmlText('&ent; &#xD800; &#1114112;')).toBe('&ent; &#xD800; &#1114112;');
    expect(textOf('<u><![CDATA[a<b]]></u>', 'u')).toBe('a<b');
  });

  it('drops comments, processing instructions and a DOCTYPE with an internal subset (no entity expansion)', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY big "xxxxxxxx">]><!-- <controlURL>/evil</controlURL> --><r><controlURL>/ok&big;</controlURL></r>';
    const doc = cleanXml(xml);
    expect(textOf(doc, 'controlURL')).toBe('/ok&big;');
    expect(doc).not.toContain('ENTITY');
  });

  it('refuses documents past the size cap', () => {
    expect(() => cleanXml(`<a>${'x'.repeat(MAX_XML_CHARS)}</a>`)).toThrow(XmlError);
  });

  it('reads the plain-text children of a fragment, first occurrence wins', () => {
    const m = simpleChildren('<FirewallEnabled>1</FirewallEnabled>\r\n<InboundPinholeAllowed> 0 </InboundPinholeAllowed><x:UniqueID>7</x:UniqueID><UniqueID>8</UniqueID><Empty/>');
    expect([...m]).toEqual([
      ['FirewallEnabled', '1'],
      ['InboundPinholeAllowed', '0'],
      ['UniqueID', '7'],
      ['Empty', ''],
    ]);
  });

  it('escapes text for a SOAP argument', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });

  it('refuses a bad element name instead of building a wrong pattern', () => {
    expect(() => elements('<a/>', 'a|b')).toThrow(XmlError);
  });
});

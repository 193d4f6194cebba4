import { describe, expect, it } from 'vitest';
import { readDeviceDescription } from '@engine/nat/pinhole/device-description';
import { childTexts, escapeXml, MAX_XML_CHARS, walkXml, XmlError } from '@engine/nat/pinhole/xml';
import { regexBombDescription } from '../../../support/hostile-text';

function thrown(fn: () => unknown): XmlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof XmlError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('pinhole xml reading', () => {
  it('walks elements by local name whatever their namespace prefix, with the names around them', () => {
    const seen: string[] = [];
    walkXml('<d:serviceList><d:service a="1">x</d:service><service/><serviceType>t</serviceType></d:serviceList>', {
      close: (name, parents, text) => seen.push(`${[...parents, name].join('>')}=${text}`),
    });
    expect(seen).toEqual([
      'serviceList>service=x',
      'serviceList>service=',
      'serviceList>serviceType=t',
      'serviceList=null',
    ]);
  });

  it('gives text only for elements that hold only text', () => {
    expect(childTexts('<r><a><b>1</b></a><b>2</b><c/></r>', 'r')).toEqual([
      ['b', '2'],
      ['c', ''],
    ]);
  });

  it('decodes the predefined entities, character references and CDATA; an undefined entity stays as written', () => {
    expect(
      childTexts(
        '<r><t> a &lt;b&gt; &amp;amp; &quot;&apos; &#65;&#x42; </t><u><![CDATA[a<b]]></u><v>/ok&ent;</v></r>',
        'r',
      ),
    ).toEqual([
      ['t', `a <b> &amp; "' AB`],
      ['u', 'a<b'],
      ['v', '/ok&ent;'],
    ]);
  });

  it('ignores comments and processing instructions, and never expands an entity a DOCTYPE declares', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY big "xxxxxxxx">]><!-- <controlURL>/evil</controlURL> --><r><controlURL>/ok&big;</controlURL></r>';
    expect(childTexts(xml, 'r')).toEqual([['controlURL', '/ok&big;']]);
  });

  it('refuses documents past the size cap, and garbage past the error cap', () => {
    expect(thrown(() => walkXml(`<a>${'x'.repeat(MAX_XML_CHARS)}</a>`, {})).code).toBe('too_large');
    expect(thrown(() => walkXml('<a>' + '<!--'.repeat(1000), {})).code).toBe('malformed');
  });

  it('refuses element floods and nesting deeper than any device writes', () => {
    expect(thrown(() => walkXml(`<r>${'<a/>'.repeat(20_000)}</r>`, {})).message).toMatch(/more than \d+ elements/);
    expect(thrown(() => walkXml('<a>'.repeat(100), {})).message).toMatch(/nested deeper/);
  });

  it('reads the children of the first matching parent, first occurrence wins', () => {
    const m = childTexts(
      '<r><FirewallEnabled>1</FirewallEnabled>\r\n<InboundPinholeAllowed> 0 </InboundPinholeAllowed><x:UniqueID>7</x:UniqueID><UniqueID>8</UniqueID><Empty/></r><r><Late>1</Late></r>',
      'r',
    );
    expect(m).toEqual([
      ['FirewallEnabled', '1'],
      ['InboundPinholeAllowed', '0'],
      ['UniqueID', '7'],
      ['Empty', ''],
    ]);
  });

  it('reads the 256 KiB description built against regular expressions in one pass (refused as garbage)', () => {
    // A backtracking reader took over ten seconds here; how long it takes now is measured by the parsers bench.
    expect(thrown(() => readDeviceDescription(regexBombDescription())).code).toBe('malformed');
  });

  it('escapes text for a SOAP argument', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});

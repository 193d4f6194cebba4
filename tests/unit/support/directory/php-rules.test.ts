import { describe, expect, it } from 'vitest';
import { classifyModelTier, phpJsonFloat, pricingMessage } from '../../../support/directory/pricing';
import { ipIsBlocked, probeTargetIsSafe, routabilityMessages } from '../../../support/directory/routability';

describe('PHP json_encode of the pricing multiplier', () => {
  it.each([
    [1, '1'],
    [1.0, '1'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [0.15000000000000002, '0.15000000000000002'],
    [1000, '1000'],
    [0.0001, '0.0001'],
    [0.00001, '1.0e-5'],
    [0.000015, '1.5e-5'],
    [0, '0'],
  ])('%s → %s', (value, expected) => {
    expect(phpJsonFloat(value)).toBe(expected);
  });

  it('builds the signed bytes with sorted keys', () => {
    expect(pricingMessage(1.5, 'per_token')).toBe('{"credit_cost_multiplier":1.5,"pricing_model":"per_token"}');
  });
});

describe('model tier', () => {
  it.each([
    [['qwen2.5:0.5b'], 'sub_1b'],
    [['llama3.1:8b'], '7b'],
    [['llama2:13b'], '13b'],
    [['qwen2.5:32b'], '30b'],
    [['llama3:70b'], '70b'],
    [['llama3.1:405b'], '100b_plus'],
    [['nomic-embed-text'], '7b'],
    [['qwen2.5:0.5b', 'llama3:70b'], '70b'],
  ])('%j → %s', (models, tier) => {
    expect(classifyModelTier(models)).toBe(tier);
  });
});

describe('RoutableEndpoint corner cases', () => {
  it('matches on the raw host string like the PHP regexes', () => {
    expect(routabilityMessages('https://10.example.com', ['http', 'https'], false)).toEqual([
      "IICP-E035: endpoint host '10.example.com' is in an RFC1918 private range.",
    ]);
    expect(routabilityMessages('https://Node.Example.Com', ['http', 'https'], false)).toEqual([]);
    expect(routabilityMessages('http://[2001:db8::1]:80', ['http', 'https'], false)).toEqual([
      "IICP-E035: endpoint host '2001:db8::1' is in IPv6 documentation 2001:db8::/32 range.",
    ]);
    expect(routabilityMessages('iicp://10.0.0.1:9484', ['http', 'https'], true)).toEqual([
      "IICP-E035: endpoint scheme 'iicp' not allowed (expected one of: http, https).",
    ]);
  });

  it('refuses to probe a name that resolves to any internal address', async () => {
    const resolver = (answers: string[]) => async () => answers;
    expect(await probeTargetIsSafe('https://ok.example.com', resolver(['93.184.216.34']))).toBe(true);
    expect(await probeTargetIsSafe('https://mixed.example.com', resolver(['93.184.216.34', '10.0.0.5']))).toBe(false);
    expect(await probeTargetIsSafe('https://none.example.com', resolver([]))).toBe(false);
    expect(await probeTargetIsSafe('https://meta.example.com', resolver(['169.254.169.254']))).toBe(false);
    expect(ipIsBlocked('::ffff:127.0.0.1')).toBe(true);
    expect(ipIsBlocked('2606:2800:220:1:248:1893:25c8:1946')).toBe(false);
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerToken, newAccessToken, OriginPolicy, protocolToken, tokenMatches } from '@main/headless/auth';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('dashboard access token', () => {
  it('is 48 random hex characters', () => {
    const a = newAccessToken();
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(newAccessToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    const t = newAccessToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t, t.toUpperCase())).toBe(false);
    expect(tokenMatches(t, t.slice(0, -1))).toBe(false);
    expect(tokenMatches(t, '')).toBe(false);
    expect(tokenMatches(t, null)).toBe(false);
    expect(tokenMatches(t, 'x'.repeat(10_000))).toBe(false);
  });

  it('is read from a Bearer header or a token.<hex> sub-protocol', () => {
    expect(bearerToken(req({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(bearerToken(req({ authorization: 'Basic abc' }))).toBeNull();
    expect(protocolToken(req({ 'sec-websocket-protocol': 'iicp-provider.v1, token.abc' }))).toBe('abc');
    expect(protocolToken(req({ 'sec-websocket-protocol': 'iicp-provider.v1' }))).toBeNull();
  });
});

describe('origin policy', () => {
  const policy = new OriginPolicy(['127.0.0.1', 'localhost', '::1'], 8123);

  it('accepts the dashboard host names on its port', () => {
    expect(policy.hostAllowed(req({ host: '127.0.0.1:8123' }))).toBe(true);
    expect(policy.hostAllowed(req({ host: 'localhost:8123' }))).toBe(true);
    expect(policy.hostAllowed(req({ host: '[::1]:8123' }))).toBe(true);
  });

  it('refuses other Host headers (DNS rebinding)', () => {
    expect(policy.hostAllowed(req({ host: 'evil.example:8123' }))).toBe(false);
    expect(policy.hostAllowed(req({ host: '127.0.0.1:9999' }))).toBe(false);
    expect(policy.hostAllowed(req({}))).toBe(false);
  });

  it('refuses a foreign Origin and allows none (scripts) or its own', () => {
    expect(policy.originAllowed(req({ origin: 'https://evil.example' }))).toBe(false);
    expect(policy.originAllowed(req({ origin: 'http://127.0.0.1:9999' }))).toBe(false);
    expect(policy.originAllowed(req({ origin: 'null' }))).toBe(false);
    expect(policy.originAllowed(req({}))).toBe(true);
    expect(policy.originAllowed(req({ origin: 'http://127.0.0.1:8123' }))).toBe(true);
  });
});

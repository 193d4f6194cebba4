import { describe, expect, it } from 'vitest';
import type { GatewayInfo } from '@shared/contract';
import { headerOf, type HeaderFacts } from '@engine/gateway/page/gateway-header';
import { said } from '@shared/i18n/said';

const offer = (patch: Partial<NonNullable<GatewayInfo['offer']>> = {}): GatewayInfo['offer'] => ({
  at: '2025-05-12T10:00:00.000Z',
  nodes: 2,
  ownNodes: 1,
  problem: null,
  models: [{ model: 'm', intent: 'urn:iicp:intent:llm:chat:v1', nodes: 2, ownNodes: 1, lowestMultiplier: 1 }],
  ...patch,
});
const facts = (patch: Partial<HeaderFacts> = {}): HeaderFacts => ({
  enabled: true,
  listening: true,
  problem: null,
  offer: offer(),
  limitReached: null,
  paidPossible: true,
  ...patch,
});

describe('headerOf: where the gateway stands, the first that is true', () => {
  it('off, not listening, starting, then listening', () => {
    expect(headerOf(facts({ enabled: false, problem: said('gateway.listen.portTaken', { port: '9483' }) }))).toEqual({
      kind: 'off',
      limit: null,
    });
    expect(headerOf(facts({ problem: said('gateway.listen.portTaken', { port: '9483' }) })).kind).toBe('problem');
    expect(headerOf(facts({ listening: false })).kind).toBe('starting');
    expect(headerOf(facts())).toEqual({ kind: 'listening', limit: null });
  });

  it('the directory down before anything about spending', () => {
    expect(
      headerOf(
        facts({
          offer: offer({ problem: said('gateway.offer.problem', { kind: 'unreachable', noneKnown: 'no' }) }),
          limitReached: 'balance',
        }),
      ).kind,
    ).toBe('directory_down');
  });

  it('no machine when the directory answered and lists none', () => {
    expect(headerOf(facts({ offer: offer({ nodes: 0, ownNodes: 0, models: [] }) })).kind).toBe('no_machine');
    // Before the first look nothing is known: not said to be empty.
    expect(headerOf(facts({ offer: null })).kind).toBe('listening');
  });

  it('a limit the budget says leaves no room for the cheapest paid request is reached, by name', () => {
    expect(headerOf(facts({ limitReached: 'day' }))).toEqual({ kind: 'limit_reached', limit: 'day' });
    expect(headerOf(facts({ limitReached: 'month' }))).toEqual({ kind: 'limit_reached', limit: 'month' });
    expect(headerOf(facts({ limitReached: 'request' }))).toEqual({ kind: 'limit_reached', limit: 'request' });
  });

  it('a balance that cannot cover a paid request leaves only free answers', () => {
    expect(headerOf(facts({ limitReached: 'balance' })).kind).toBe('balance_empty');
  });

  it('with only the person’s own machines asked, spending says nothing', () => {
    expect(headerOf(facts({ paidPossible: false, limitReached: 'day' })).kind).toBe('listening');
  });
});

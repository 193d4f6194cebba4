/**
 * The goodbye a machine sends its siblings as its node stops cleanly: sealed under the operator's fleet key for one
 * receiver, numbered by the sender's counter, and as small as a question. Anything forged, sealed for another machine,
 * passed off under another sender, or of another kind does not open; an envelope longer than a goodbye is never parsed.
 */
import { describe, expect, it } from 'vitest';
import { maxSealedChars, seal } from '@engine/fleet/fleet-seal';
import { byeFor, readEnvelope, readRequest } from '@engine/fleet/fleet-wire';
import { goodbyeTargets } from '@engine/fleet/goodbye';
import { ATTIC, DEN, KEY, OTHER_KEY, SELF } from './fleet-harness';

describe('a goodbye on the wire', () => {
  it('opens for the machine it was sealed for, with who says it and its number', () => {
    expect(readRequest(byeFor(KEY, ATTIC, SELF, 42), KEY, SELF)).toEqual({ kind: 'bye', from: ATTIC, seq: 42 });
  });

  it('does not open when forged, sealed for another machine, under another sender, or of another kind', () => {
    // Sealed with a key that is not the operator's.
    expect(readRequest(byeFor(OTHER_KEY, ATTIC, SELF, 42), KEY, SELF)).toBeNull();
    // A goodbye meant for DEN, played to this computer.
    expect(readRequest(byeFor(KEY, ATTIC, DEN, 42), KEY, SELF)).toBeNull();
    // ATTIC's goodbye passed off as DEN's.
    const fromAttic = JSON.parse(byeFor(KEY, ATTIC, SELF, 42)) as { bye: string };
    expect(readRequest(JSON.stringify({ from: DEN, bye: fromAttic.bye }), KEY, SELF)).toBeNull();
    // A question sealed for this computer carried as a goodbye: bound to its kind, it does not open as one.
    const ask = seal(KEY, 'ask', SELF, { from: ATTIC, to: SELF, seq: 42 })!;
    expect(readRequest(JSON.stringify({ from: ATTIC, bye: ask }), KEY, SELF)).toBeNull();
    // A goodbye from this computer's own id.
    expect(readRequest(byeFor(KEY, SELF, SELF, 42), KEY, SELF)).toBeNull();
  });

  it('is as small as a question: a longer one is refused before it is opened', () => {
    const body = byeFor(KEY, ATTIC, SELF, Number.MAX_SAFE_INTEGER);
    expect(body.length).toBeLessThan(1024);
    expect(readEnvelope(JSON.stringify({ from: ATTIC, bye: 'x'.repeat(maxSealedChars('bye') + 1) }), SELF)).toBeNull();
  });

  it('goes to each machine with an endpoint of its own, never to a relay, which forwards tasks only', () => {
    const endpoints: Record<string, string | null> = {
      [ATTIC]: 'http://192.0.2.7:8080',
      [DEN]: 'https://relay.example/v1/relay-for/node-den-0003',
      'node-far-0004': null,
    };
    const others = Object.keys(endpoints).map((nodeId) => ({ nodeId }));
    expect(goodbyeTargets(others, (id) => endpoints[id] ?? null)).toEqual([
      { nodeId: ATTIC, endpoint: 'http://192.0.2.7:8080' },
    ]);
  });
});

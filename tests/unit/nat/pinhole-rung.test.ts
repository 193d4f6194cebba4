/**
 * The IPv6 pinhole rung switches its helper off for a while when the router keeps answering with something that
 * cannot be used (unreadable, too slow, a broken exchange): a plain event, a visible state on the Network page, and
 * the ladder goes on without it. A router that is simply absent, or that answers properly, never switches it off.
 */
import { describe, expect, it } from 'vitest';
import type { EventLevel } from '@shared/contract';
import { createPinholeRung } from '@engine/nat/pinhole-rung';
import { createSay, english } from '@shared/i18n/say';
import '@shared/i18n/catalogue/de';
import { failure, OPEN, ROUTER_V6, ScriptedPinholeClient } from './pinhole/scripted-client';

const ADDRESS = '2a0e:97c0:38f:1::2';

function rung(client: ScriptedPinholeClient) {
  let now = Date.parse('2026-11-23T10:00:00Z');
  const events: { level: EventLevel; event: string; details: string }[] = [];
  const steps: string[] = [];
  const r = createPinholeRung({
    createClient: () => client,
    onChange: () => undefined,
    now: () => now,
    log: (level, event, details) => events.push({ level, event, details }),
  });
  return {
    r,
    events,
    steps,
    open: () => r.open(ADDRESS, 7443, (words) => steps.push(english.said(words))),
    advance: (ms: number) => (now += ms),
  };
}

const unreadable = () =>
  failure(
    'transport',
    "a router answered but offers no usable IPv6 pinhole service: the description could not be read: reading the device's XML took longer than 1000 ms",
  );

describe('pinhole rung: a helper that keeps failing is switched off, never the node', () => {
  it('three unreadable answers in a row switch the helper off for 30 minutes, with an event and a visible state', async () => {
    const client = new ScriptedPinholeClient();
    client.script.discover.push(unreadable(), unreadable(), unreadable());
    const t = rung(client);
    expect(await t.open()).toBeNull();
    expect(await t.open()).toBeNull();
    expect(t.events).toEqual([]);
    expect(await t.open()).toBeNull();
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ level: 'warn', event: 'pinhole_helper_off' });
    expect(t.events[0]!.details).toMatch(/^failures=3 off_ms=1800000 Could not open an IPv6 pinhole: /);
    expect(english.said(t.r.view()!.state)).toBe("Switched off for 30 more minutes: the router's answers kept failing");
    expect(english.said(t.r.view()!.lastError!)).toContain('took longer than 1000 ms');
    // The German page says the state in German.
    expect(createSay('de').said(t.r.view()!.state)).toBe(
      'Noch 30 Minuten ausgeschaltet: Die Antworten des Routers schlugen immer wieder fehl',
    );
    expect(t.steps.at(-1)).toBe(
      'Switched the IPv6 firewall helper off for 30 minutes after 3 failed attempts in a row; the node keeps serving without it.',
    );

    // While off, the router is not asked at all.
    expect(await t.open()).toBeNull();
    expect(client.count('discover')).toBe(3);
    expect(t.steps.at(-1)).toMatch(/^The IPv6 firewall helper is switched off for 30 more minutes/);
    t.advance(20 * 60_000);
    expect(english.said(t.r.view()!.state)).toBe("Switched off for 10 more minutes: the router's answers kept failing");

    // Afterwards it tries again, and a router that works is used as before.
    t.advance(10 * 60_000 + 1);
    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push(OPEN);
    client.script.addPinhole.push(5);
    expect(await t.open()).toBe('pinhole');
    expect(t.r.usable).toBe(true);
    expect(english.said(t.r.view()!.state)).toBe('Open: the router lets connections through');
    client.script.deletePinhole.push(undefined);
    await t.r.close();
    expect(client.unscripted).toEqual([]);
  });

  it('no router at all, or a router that answers (even with a refusal), never switches it off', async () => {
    const client = new ScriptedPinholeClient();
    const t = rung(client);
    for (let i = 0; i < 5; i++) {
      client.script.discover.push(failure('unavailable', 'no router answered'));
      expect(await t.open()).toBeNull();
    }
    // Two broken answers, then a proper refusal: the count starts again.
    client.script.discover.push(unreadable(), unreadable(), [ROUTER_V6], unreadable(), unreadable());
    client.script.getFirewallStatus.push({ firewallEnabled: true, inboundPinholeAllowed: false });
    for (let i = 0; i < 5; i++) expect(await t.open()).toBeNull();
    expect(t.events).toEqual([]);
    expect(client.count('discover')).toBe(10);
    expect(client.unscripted).toEqual([]);
  });
});

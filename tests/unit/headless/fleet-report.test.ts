/**
 * `--fleet` as a script reads it: a table of the machines, and the exit code: 0 when every machine meant to be on is
 * up (asleep outside its windows, paused, or stopped by its owner counts as meant), 1 when one is down or not heard
 * yet, or the node cannot be asked.
 */
import { describe, expect, it } from 'vitest';
import type { FleetInfo, FleetMachine } from '@shared/contract';
import { said } from '@shared/i18n/said';
import { fleetReport, reportFleet } from '@main/headless/fleet-report';
import { parseHeadlessConfig } from '@main/headless/config';
import { tempDir } from '../../support/tmp';

const NOW = Date.parse('2026-11-26T14:00:00Z');

function machine(name: string, state: FleetMachine['state'], over: Partial<FleetMachine> = {}): FleetMachine {
  return {
    nodeId: `${name.toLowerCase().replace(/\W/g, '')}-0000`,
    name,
    self: false,
    state,
    words: said('fleet.words.answers'),
    lastSeen: '2026-11-26T13:59:30.000Z',
    models: ['qwen2.5:7b'],
    slots: { busy: 1, total: 4 },
    reputation: null,
    today: { tasks: 3, credits: 0.25 },
    window: null,
    ownerFirst: null,
    alertSince: null,
    sources: { directory: { at: null, problem: null }, machine: { at: null, problem: null } },
    ...over,
  };
}

const fleet = (machines: FleetMachine[], walletNodes: number | null = null): FleetInfo => ({
  state: 'active',
  machines,
  walletNodes,
  intervalMs: 30_000,
  webhook: { set: false, pending: 0, last: null },
  shareOwnerFirst: true,
  discoveredAt: null,
});

describe('--fleet', () => {
  it('exits 0 when every machine meant to be on is up: asleep and paused ones are as meant', () => {
    const r = fleetReport(
      fleet([machine('Desk', 'online', { self: true }), machine('Attic', 'asleep'), machine('Laptop', 'paused')]),
      NOW,
      'en-GB',
      'UTC',
    );
    expect(r.code).toBe(0);
    const lines = r.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Machine\s+State\s+Last seen \(UTC\)\s+Slots\s+Today\s+Serves$/);
    expect(lines[1]).toMatch(
      /^“Desk” \(this computer\)\s+Online\s+13:59\s+1 of 4 busy\s+3 tasks, 0\.25 credits\s+“qwen2\.5:7b”$/,
    );
    expect(lines[2]).toContain('Asleep as planned');
    expect(lines[3]).toMatch(/Paused\s.*None: paused/);
    expect(lines).toHaveLength(4);
  });

  it('gives a machine outside its availability windows no slots, as the Machines page does, never "0 of 0"', () => {
    const window = { inside: false, switchedOn: true, inForce: null, nextChangeAt: null, timeZone: 'UTC' };
    const r = fleetReport(
      fleet([machine('Desk', 'online', { self: true, window, slots: { busy: 0, total: 0 } })]),
      NOW,
      'en-GB',
      'UTC',
    );
    const lines = r.text.trimEnd().split('\n');
    expect(lines[1]).toMatch(/Online\s+13:59\s+None: outside its availability windows\s+3 tasks/);
    expect(r.text).not.toMatch(/0 of 0/);
  });

  it('marks slots a machine never told with a dash, and still says a paused or sleeping one has none', () => {
    const window = { inside: false, switchedOn: true, inForce: null, nextChangeAt: null, timeZone: 'UTC' };
    const r = fleetReport(
      fleet([
        machine('Desk', 'online', { self: true, slots: null }),
        machine('Laptop', 'paused', { slots: null }),
        machine('Attic', 'asleep', { slots: null, window }),
      ]),
      NOW,
      'en-GB',
      'UTC',
    );
    const lines = r.text.trimEnd().split('\n');
    expect(lines[1]).toMatch(/Online\s+13:59\s+—\s+3 tasks/);
    expect(lines[2]).toMatch(/Paused\s.*None: paused/);
    expect(lines[3]).toMatch(/None: outside its availability windows/);
    expect(r.text).not.toMatch(/Not known/);
  });

  it('says which zone its times are in, and gives them on that zone’s clock', () => {
    const old = machine('Attic', 'asleep', { lastSeen: '2026-11-20T23:30:00.000Z' });
    const r = fleetReport(fleet([machine('Desk', 'online', { self: true }), old]), NOW, 'en-GB', 'Asia/Tokyo');
    const lines = r.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Machine\s+State\s+Last seen \(Asia\/Tokyo\)\s+Slots/);
    // 13:59:30 UTC is 22:59 in Tokyo; 23:30 UTC on the 20th is already the 21st there.
    expect(lines[1]).toMatch(/Online\s+22:59\s+1 of 4/);
    expect(lines[2]).toMatch(/Asleep as planned\s+2026-11-21\s/);
  });

  it('exits 0 with a machine its owner quit: "Stopped by its owner", in the words the page and the tray use', () => {
    const r = fleetReport(
      fleet([
        machine('Desk', 'online', { self: true }),
        machine('Attic', 'stopped', { words: said('fleet.words.stopped') }),
      ]),
      NOW,
    );
    expect(r.code).toBe(0);
    const lines = r.text.trimEnd().split('\n');
    expect(lines[2]).toMatch(/^“Attic”\s+Stopped by its owner\s/);
    expect(lines).toHaveLength(3);
  });

  it('exits 1 when one is down or not heard yet, and says which', () => {
    const down = fleetReport(
      fleet([machine('Desk', 'online', { self: true }), machine('Attic', 'down', { words: said('fleet.words.down') })]),
      NOW,
    );
    expect(down.code).toBe(1);
    expect(down.text).toContain('“Attic” is down: Not heard, though its availability windows say it should be on.');
    expect(fleetReport(fleet([machine('Desk', 'online', { self: true }), machine('New', 'unknown')]), NOW).code).toBe(
      1,
    );
  });

  it('shows foreign names quoted and cleaned, and how many the directory counts when more than are known', () => {
    const r = fleetReport(fleet([machine('Desk\u202e\u0007', 'online', { self: true })], 3), NOW);
    expect(r.text).toContain('“Desk” (this computer)');
    expect(r.text).toContain('The directory counts 3 machines under your identity; 1 of them are known here.');
  });

  it('exits 0 without an identity: this computer alone', () => {
    expect(fleetReport({ ...fleet([]), state: 'none' }, NOW)).toEqual({
      code: 0,
      text: 'This computer has no operator identity, so it has no other machines.\n',
    });
  });

  it('exits 1 when no node runs on the data folder', async () => {
    const t = tempDir('iicp-fleet-cli-');
    try {
      const r = await reportFleet(t.dir);
      expect(r.code).toBe(1);
      expect(r.text).toMatch(/No IICP Provider has run on this data folder yet|not running/);
    } finally {
      t.cleanup();
    }
  });

  it('is a flag of the headless host', () => {
    const c = parseHeadlessConfig(['--fleet', '--data-dir', '/tmp/x'], {});
    expect(c).toMatchObject({ fleet: true });
  });
});

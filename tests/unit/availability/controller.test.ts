import { afterEach, describe, expect, it } from 'vitest';
import { AvailabilityController } from '@engine/availability/controller';
import { DEFAULT_SETTINGS, type OwnerInfo } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import { tempStore } from '../../support/tmp';

// 2026-11-18 is a Wednesday; 12:00 UTC is outside a window that opens at 20:00.
const NOON = Date.parse('2026-11-18T12:00:00Z');
const OWNER: OwnerInfo = {} as OwnerInfo;

describe('AvailabilityController.evaluate', () => {
  let cleanup: () => void = () => {};
  afterEach(() => cleanup());

  /** A node on Wednesdays from 20:00 (outside its window at noon), or all Wednesday when `allDay`. */
  function controller(o: { allDay?: boolean; owner?: () => Said | null } = {}): AvailabilityController {
    const t = tempStore();
    cleanup = t.cleanup;
    const settings = DEFAULT_SETTINGS;
    const c = new AvailabilityController({
      store: t.store,
      settings: () => settings,
      switchState: () => ({ on: true, pausedUntil: null }),
      host: null,
      owner: () => ({ info: OWNER, message: o.owner?.() ?? null }),
      now: () => NOON,
      log: () => {},
    });
    c.update({
      timeZone: 'UTC',
      outsideShare: 0,
      windows: [{ days: [3], start: o.allDay ? '00:00' : '20:00', end: '23:59', share: 1 }],
    });
    return c;
  }

  // A change the person would notice wakes the node's capacity and every page; a tick that changes nothing must not.
  it('says nothing changed when the same reason is evaluated again', () => {
    const c = controller();
    c.evaluate();
    expect(c.result.reason).toBe('outside_window');
    expect(c.evaluate()).toBe(false);
  });

  it('says nothing changed while the owner holds the node back with the same sentence', () => {
    const c = controller({ allDay: true, owner: () => said('status.owner.cause.pickedProgram', { name: 'Blender' }) });
    c.evaluate();
    expect(c.result.reason).toBe('owner_use');
    expect(c.evaluate()).toBe(false);
  });

  it('says it changed when the owner’s sentence changes', () => {
    let name = 'Blender';
    const c = controller({ allDay: true, owner: () => said('status.owner.cause.pickedProgram', { name }) });
    c.evaluate();
    name = 'Steam';
    expect(c.evaluate()).toBe(true);
  });
});

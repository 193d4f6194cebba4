/** The person's other machines: one went down inside its window or came back, one was met, the alerts' webhook. */
import { MACHINE_NAME_MAX } from '../../contract/fleet';
import { cleanForeignText } from '../../text/foreign-text';
import { hasVisibleLetterOrDigit } from '../../text/name-rule';
import { isPlainForPeople } from '../../text/plain-text';
import type { EngineEventName } from './event-names';
import type { MessageId } from '../../i18n/catalogue';
import { sayNow } from '../../i18n/current';
import { bad, good, inParens, type Details, type Entry } from './sentence-parts';

/**
 * The sentence naming the machine as the log knows it: by its one name, quoted as data and cleaned, when the details
 * carry one a person can read as it is (`named`); else by its short node id, when well-formed (`byId`); else unnamed.
 */
function aboutMachine(d: Details, named: MessageId, byId: MessageId, unnamed: MessageId): string {
  const t = sayNow();
  const name = cleanForeignText(d.quoted('name') ?? '', MACHINE_NAME_MAX);
  if (hasVisibleLetterOrDigit(name) && isPlainForPeople(name)) return t(named, { name });
  const id = d.get('node');
  return id && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,35}$/.test(id) ? t(byId, { node: id.slice(0, 8) }) : t(unnamed);
}

const machineSaid = (d: Details, what: 'down' | 'back' | 'met' | 'forgotten' | 'added') =>
  aboutMachine(d, `events.fleet.${what}Named`, `events.fleet.${what}Node`, `events.fleet.${what}`);

export const FLEET_EVENTS: { readonly [K in Extract<EngineEventName, `fleet_${string}`>]: Entry } = {
  fleet_machine_down: { label: 'events.label.fleetMachineDown', say: (d) => bad(machineSaid(d, 'down')) },
  fleet_machine_back: { label: 'events.label.fleetMachineBack', say: (d) => good(machineSaid(d, 'back')) },
  fleet_machine_met: { label: 'events.label.fleetMachineMet', say: (d) => machineSaid(d, 'met') },
  fleet_machine_forgotten: { label: 'events.label.fleetMachineForgotten', say: (d) => machineSaid(d, 'forgotten') },
  fleet_machine_added: { label: 'events.label.fleetMachineAdded', say: (d) => machineSaid(d, 'added') },
  fleet_machines_taken_in: {
    label: 'events.label.fleetMachinesTakenIn',
    say: (d) => {
      const left = d.num('left') ?? 0;
      if (left <= 0) return sayNow()('events.fleet.takenIn');
      return bad(sayNow()('events.fleet.listFull', { count: left }));
    },
  },
  fleet_look_failed: {
    label: 'events.label.fleetLookFailed',
    say: (d) => bad(sayNow()('events.fleet.lookFailed', { why: inParens(d.why()) })),
  },
  fleet_save_failed: {
    label: 'events.label.fleetSaveFailed',
    say: (d) => bad(sayNow()('events.fleet.saveFailed', { why: inParens(d.why()) })),
  },
  fleet_webhook_failed: {
    label: 'events.label.fleetWebhookFailed',
    say: () => bad(sayNow()('events.fleet.webhookFailed')),
  },
  fleet_webhook_gave_up: {
    label: 'events.label.fleetWebhookGaveUp',
    say: () => bad(sayNow()('events.fleet.webhookGaveUp')),
  },
  fleet_webhook_dropped: {
    label: 'events.label.fleetWebhookDropped',
    say: () => bad(sayNow()('events.fleet.webhookDropped')),
  },
};

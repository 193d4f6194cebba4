/** The person's other machines: one went down inside its window or came back, one was met, the alerts' webhook. */
import { MACHINE_NAME_MAX } from '../../contract/fleet';
import { cleanForeignText } from '../../text/foreign-text';
import { hasVisibleLetterOrDigit } from '../../text/name-rule';
import { isPlainForPeople } from '../../text/plain-text';
import type { EngineEventName } from './event-names';
import { bad, count, good, inParens, type Details, type Entry } from './sentence-parts';

/**
 * The machine as the log names it: its one name, quoted as data and cleaned, when the details carry one a person can
 * read as it is; else its short node id, when well-formed; else nothing.
 */
function machine(d: Details): string {
  const name = cleanForeignText(d.quoted('name') ?? '', MACHINE_NAME_MAX);
  if (hasVisibleLetterOrDigit(name) && isPlainForPeople(name)) return ` (“${name}”)`;
  const id = d.get('node');
  return id && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,35}$/.test(id) ? ` (node ${id.slice(0, 8)})` : '';
}

export const FLEET_EVENTS: { readonly [K in Extract<EngineEventName, `fleet_${string}`>]: Entry } = {
  fleet_machine_down: {
    label: 'Machine down',
    say: (d) => bad(`One of your machines${machine(d)} stopped answering inside its availability window.`),
  },
  fleet_machine_back: {
    label: 'Machine back',
    say: (d) => good(`One of your machines${machine(d)} answers again.`),
  },
  fleet_machine_met: {
    label: 'Machine met',
    say: (d) => `This computer met another of your machines${machine(d)}; the Machines page lists it.`,
  },
  fleet_machine_forgotten: {
    label: 'Machine forgotten',
    say: (d) => `You took one of your machines${machine(d)} off this computer's list; it comes back if it is met again.`,
  },
  fleet_machine_added: {
    label: 'Machine added',
    say: (d) => `You put another computer${machine(d)} on your list of machines; the gateway asks it first, for free.`,
  },
  fleet_machines_taken_in: {
    label: 'Machines taken in',
    say: (d) => {
      const left = d.num('left') ?? 0;
      if (left <= 0) return 'The computers an earlier version listed on the "Use the network" page are now on your list of machines.';
      return bad(`Your list of machines is full: ${count(left, 'computer')} from the "Use the network" page wait until you forget a machine you no longer use.`);
    },
  },
  fleet_look_failed: {
    label: 'Machines not looked at',
    say: (d) => bad(`Your other machines could not be looked at this time${inParens(d.why())}; the next look tries again.`),
  },
  fleet_save_failed: {
    label: 'Machines not saved',
    say: (d) => bad(`What this computer knows of your other machines could not be saved${inParens(d.why())}.`),
  },
  fleet_webhook_failed: {
    label: 'Webhook not reached',
    say: () => bad('An alert could not be delivered to your webhook; it is tried again after a pause.'),
  },
  fleet_webhook_gave_up: {
    label: 'Webhook alert dropped',
    say: () => bad('An alert could not be delivered to your webhook and was dropped; the Machines page shows the last try.'),
  },
  fleet_webhook_dropped: {
    label: 'Webhook alerts dropped',
    say: () => bad('Alerts waited too long for your webhook, and the oldest were dropped.'),
  },
};

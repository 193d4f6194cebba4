/**
 * `npm run headless -- --fleet`: the person's machines as the node running on this data folder sees them, as a table
 * for a terminal or a script, and an exit code to act on: 0 when every machine meant to be on is up (one asleep
 * outside its windows or paused by its owner is as meant), 1 otherwise (one down, one not heard yet, or the node could
 * not be asked).
 */
import { localDay } from '@shared/calendar/days';
import { MACHINE_NAME_MAX, type FleetInfo, type FleetMachine } from '@shared/contract';
import { quoteForeignText } from '@shared/text/foreign-text';
import { formatClock, viewerZone } from '@shared/text/wall-clock';
import { formatCount, formatCredits } from '@shared/words/credits-words';
import { sayNow } from '@shared/i18n/current';
import { machineSlotsWords, machineStateLabel } from '@shared/words/fleet-words';
import { withRunningHost, type HostReach } from './host-call';

export interface FleetOutcome {
  code: 0 | 1;
  text: string;
}

/** The columns; the times' one names its zone, as a script or a person abroad cannot guess it. */
const columns = (timeZone: string) => ['Machine', 'State', `Last seen (${timeZone})`, 'Slots', 'Today', 'Serves'];

function cells(m: FleetMachine, now: number, timeZone: string, locale?: string): string[] {
  const seen =
    m.lastSeen === null
      ? '—'
      : now - Date.parse(m.lastSeen) < 86_400_000
        ? formatClock(m.lastSeen, { locale, timeZone })
        : localDay(Date.parse(m.lastSeen), timeZone);
  const slots = machineSlotsWords(m, locale) ?? '—';
  const today =
    m.today === null
      ? '—'
      : `${formatCount(m.today.tasks, locale)} tasks${m.today.credits === null ? '' : `, ${formatCredits(m.today.credits, locale)} credits`}`;
  const serves =
    m.models.length === 0
      ? '—'
      : m.models
          .slice(0, 3)
          .map((x) => quoteForeignText(x, 40))
          .join(', ') + (m.models.length > 3 ? ` +${m.models.length - 3}` : '');
  const name = `${quoteForeignText(m.name, MACHINE_NAME_MAX)}${m.self ? ' (this computer)' : ''}`;
  return [name, machineStateLabel(m.state), seen, slots, today, serves];
}

/**
 * The table and the exit code for a fleet as the node gave it; times on this computer's clock (`timeZone`, the zone the
 * command runs in), named in the table's head.
 */
export function fleetReport(f: FleetInfo, now = Date.now(), locale?: string, timeZone = viewerZone()): FleetOutcome {
  if (f.state === 'none')
    return { code: 0, text: 'This computer has no operator identity, so it has no other machines.\n' };
  const head = columns(timeZone);
  const rows = [head, ...f.machines.map((m) => cells(m, now, timeZone, locale))];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(rows[0]!), ...rows.slice(1).map(line)];
  const down = f.machines.filter((m) => m.state === 'down');
  const unheard = f.machines.filter((m) => m.state === 'unknown');
  for (const m of down) lines.push(`${quoteForeignText(m.name, MACHINE_NAME_MAX)} is down: ${sayNow().said(m.words)}`);
  for (const m of unheard) lines.push(`${quoteForeignText(m.name, MACHINE_NAME_MAX)}: ${sayNow().said(m.words)}`);
  if (f.walletNodes !== null && f.walletNodes > f.machines.length) {
    lines.push(
      `The directory counts ${f.walletNodes} machines under your identity; ${f.machines.length} of them are known here.`,
    );
  }
  return { code: down.length === 0 && unheard.length === 0 ? 0 : 1, text: `${lines.join('\n')}\n` };
}

/** Asks the host running on `dataDir` for its machines and says what it found. */
export async function reportFleet(dataDir: string, reach: HostReach = {}): Promise<FleetOutcome> {
  const r = await withRunningHost(
    dataDir,
    reach,
    (bridge) => bridge.call('getFleet', {}, 30_000) as Promise<FleetInfo>,
  );
  return r.ok ? fleetReport(r.value) : { code: 1, text: r.problem };
}

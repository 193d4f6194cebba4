import type { LedgerRepository, NewLedgerRow } from '../store';

/**
 * The joules every task the node ran used, across restarts: what the ledger holds and the rows about to join it
 * (`waiting`, as the day's figures count them). The ledger is the one record of each task's energy, so a total read
 * here never starts again at 0 after a restart and never disagrees with the Earnings page. Rounded to the millijoule,
 * as the day's figure is: sums of fractions would otherwise show float noise.
 */
export function ledgerEnergyJoules(
  ledger: Pick<LedgerRepository, 'energyJoules'>,
  waiting: Iterable<{ row: Pick<NewLedgerRow, 'energyJ'> }>,
): number {
  let joules = ledger.energyJoules();
  for (const { row } of waiting) joules += row.energyJ ?? 0;
  return Math.round(joules * 1e3) / 1e3;
}

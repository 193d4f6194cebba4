/**
 * The Earnings and Pricing pages' commands: prices, the report, the ledger listed and exported, a read of the
 * directory's books now, and the check of the earnings against the directory's signed log.
 */
import type { ReceiptState } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import { storeCall, type LedgerFilter } from '../store';
import type { EarningsService } from './earnings-service';

type EarningsCommands =
  | 'getPricing'
  | 'getEarnings'
  | 'listLedger'
  | 'exportLedger'
  | 'syncEarnings'
  | 'verifyEarnings'
  | 'listAwardDifferences'
  | 'acceptDirectoryKey';

/** `earnings` throws `engine_unavailable` while the node is not running. */
export function earningsCommands(
  gate: CommandGate,
  earnings: () => EarningsService,
): CommandBindings<EarningsCommands> {
  return {
    getPricing: () => earnings().pricing(),
    getEarnings: (r) => storeCall(() => earnings().report(r.days)),
    listLedger: (r) => storeCall(() => earnings().list(ledgerFilter(r), r.limit, r.beforeId)),
    exportLedger: (r) => storeCall(() => earnings().exportCsv(ledgerFilter(r), r.separator)),
    syncEarnings: async () => {
      gate.requireRunning();
      await earnings().syncNow();
      return gate.publishNow();
    },
    verifyEarnings: () => {
      gate.requireRunning();
      return earnings().verifier.verifyNow();
    },
    listAwardDifferences: (r) => storeCall(() => earnings().differences(r.check, r.limit, r.offset)),
    acceptDirectoryKey: async (r) => {
      gate.requireRunning();
      const v = earnings().verifier;
      if (!(await v.acceptKey(r.fingerprint)))
        throw new ContractError('invalid_state', said('refusal.earnings.noSuchKey'));
      return v.info();
    },
  };
}

function ledgerFilter(r: { from?: number; to?: number; model?: string; receipt?: ReceiptState }): LedgerFilter {
  const f: LedgerFilter = {};
  if (r.from !== undefined) f.from = r.from;
  if (r.to !== undefined) f.to = r.to;
  if (r.model !== undefined) f.model = r.model;
  if (r.receipt !== undefined) f.receipt = r.receipt;
  return f;
}

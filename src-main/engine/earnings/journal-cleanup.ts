import type { LedgerJournal } from '../store';

/**
 * The journal files whose frames the ledger holds are removed once the ledger is on stable storage: until that
 * flush, a power cut could take the folded rows, and the files are what would bring them back.
 */
export class JournalCleanup {
  /** Journal files before this generation are gone (or being removed); the journal starts with none before it. */
  private cleanedGen: number;

  constructor(
    private readonly journal: LedgerJournal | null,
    private readonly flush: () => Promise<void>,
  ) {
    this.cleanedGen = journal?.position.gen ?? 0;
  }

  /** The ledger holds every frame before generation `gen`: their files go after the next flush. */
  foldedThrough(gen: number): void {
    const journal = this.journal;
    if (!journal || gen <= this.cleanedGen) return;
    this.cleanedGen = gen;
    void this.flush().then(
      () => {
        try {
          journal.removeBefore(gen);
        } catch {
          // tried again after the next generation's first fold; the next start removes them too
        }
      },
      () => undefined,
    );
  }
}

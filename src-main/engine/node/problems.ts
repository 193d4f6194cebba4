/** Named problems that make the node degraded, each with a plain-words message. */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { said, type Said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';

export class Problems {
  private readonly problems = new Map<string, Said>();

  constructor(
    private readonly log: (level: EventLevel, event: EngineEventName, details: string) => void,
    /** The set changed: the running state is derived again. */
    private readonly changed: () => void,
  ) {}

  get any(): boolean {
    return this.problems.size > 0;
  }

  /**
   * Every problem's sentence, in the order the problems arose, as one sentence the page says in its language. The
   * wire check lets a sentence hold only a few sentences, so more than three are counted rather than said.
   */
  words(): Said {
    const all = [...this.problems.values()];
    if (all.length === 1) return all[0]!;
    if (all.length === 2) return said('status.reason.two', { first: all[0]!, second: all[1]! });
    return said('status.reason.many', { first: all[0]!, second: all[1]!, third: all[2]!, more: all.length - 3 });
  }

  /** Reports (message) or clears (null) a named problem. */
  set(key: string, message: Said | null): void {
    const had = this.problems.get(key);
    if (message === null) {
      if (had === undefined) return;
      this.problems.delete(key);
      this.log('info', 'problem_cleared', `${key}`);
    } else {
      if (had !== undefined && JSON.stringify(had) === JSON.stringify(message)) return;
      this.problems.set(key, message);
      this.log('warn', 'problem', `${key}: ${english.said(message)}`);
    }
    this.changed();
  }
}

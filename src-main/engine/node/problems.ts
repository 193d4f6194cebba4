/** Named problems that make the node degraded, each with a plain-words message. */
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';

export class Problems {
  private readonly problems = new Map<string, string>();

  constructor(
    private readonly log: (level: EventLevel, event: EngineEventName, details: string) => void,
    /** The set changed: the running state is derived again. */
    private readonly changed: () => void,
  ) {}

  get any(): boolean {
    return this.problems.size > 0;
  }

  /** Every message, in the order the problems arose. */
  words(): string {
    return [...this.problems.values()].join(' ');
  }

  /** Reports (message) or clears (null) a named problem. */
  set(key: string, message: string | null): void {
    const had = this.problems.get(key);
    if (message === null) {
      if (had === undefined) return;
      this.problems.delete(key);
      this.log('info', 'problem_cleared', `${key}`);
    } else {
      if (had === message) return;
      this.problems.set(key, message);
      this.log('warn', 'problem', `${key}: ${message}`);
    }
    this.changed();
  }
}

import type { DetectionStep } from '@shared/contract';
import type { Said } from '@shared/i18n/said';
import { stepAt } from '../step-log';
import type { QuickTunnelOptions, QuickTunnelState } from './quick-tunnel-options';

const MAX_STEPS = 50;

/**
 * What the quick tunnel tells its owner (quick-tunnel.ts): its state, its last steps in words, and the address it
 * gave `onUrl`, withdrawn once. A listener that throws changes none of the tunnel's own bookkeeping.
 */
export class QuickTunnelReport {
  private stateValue: QuickTunnelState = 'idle';
  private readonly steps: DetectionStep[] = [];
  /** The address last given to onUrl and not yet withdrawn. */
  private reported: string | null = null;

  constructor(
    private readonly o: Pick<QuickTunnelOptions, 'onUrl' | 'onChange'>,
    private readonly now: () => number,
    /** Once the tunnel is stopping, only its final state is told. */
    private readonly stopped: () => boolean,
  ) {}

  get state(): QuickTunnelState {
    return this.stateValue;
  }

  /** A copy of the last steps, oldest first. */
  lastSteps(): DetectionStep[] {
    return [...this.steps];
  }

  /** The public address (null: withdrawn, told only when one was given) and why it changed. */
  address(url: string | null, reason: Said): void {
    if (url === null) {
      if (this.reported === null) return;
      this.reported = null;
    } else {
      this.reported = url;
    }
    try {
      this.o.onUrl(url, reason);
    } catch {
      // The tunnel's own bookkeeping must not depend on what a listener does.
    }
  }

  setState(next: QuickTunnelState, final = false): void {
    if (this.stopped() && !final) return;
    if (this.stateValue === next) return;
    this.stateValue = next;
    this.changed();
  }

  step(words: Said): void {
    this.steps.push(stepAt(this.now(), words));
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
    this.changed();
  }

  private changed(): void {
    try {
      this.o.onChange();
    } catch {
      // As in address().
    }
  }
}

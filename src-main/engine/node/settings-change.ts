import type { GatewaySettings, Settings } from '@shared/contract';

/** The gateway's spending limits: the budget reads them at each request, so changing one needs no reaction. */
const SPENDING_LIMITS: readonly (keyof GatewaySettings)[] = ['dailyCap', 'monthlyCap', 'perRequestMax', 'keepBalance'];

/** What only the window shows or the app shell reads: the node's running parts never look at these. */
const SHELL_ONLY: readonly (keyof Settings)[] = ['theme', 'language', 'notifications', 'checkForUpdates'];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One saved change of the settings: the old and the new value, and which fields differ. Each running part asks
 * whether one of its own fields changed and reacts to nothing else (a new spending limit must not make the node
 * look at its LLM server again or restart the gateway's listener).
 */
export class SettingsChange {
  readonly old: Settings;
  readonly new: Settings;
  readonly fields: readonly (keyof Settings)[];

  constructor(before: Settings, after: Settings) {
    this.old = before;
    this.new = after;
    const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Settings)[]);
    this.fields = [...keys].filter((k) => !same(before[k], after[k]));
  }

  /** Whether any of the given fields has a new value. */
  changed(...fields: (keyof Settings)[]): boolean {
    return fields.some((f) => this.fields.includes(f));
  }

  /** Whether any of the gateway's given fields has a new value. */
  gatewayChanged(...fields: (keyof GatewaySettings)[]): boolean {
    return fields.some((f) => !same(this.old.gateway[f], this.new.gateway[f]));
  }

  /** Whether something the node offers the network may have moved: any field but the shell's and the gateway's. */
  get offerMayMove(): boolean {
    return this.fields.some((f) => f !== 'gateway' && !SHELL_ONLY.includes(f));
  }

  /** Whether the gateway must look again: its listener, its peers, its network offer; not its spending limits. */
  get gatewayMayMove(): boolean {
    if (this.offerMayMove) return true;
    const own = Object.keys(this.new.gateway) as (keyof GatewaySettings)[];
    return this.gatewayChanged(...own.filter((f) => !SPENDING_LIMITS.includes(f)));
  }
}

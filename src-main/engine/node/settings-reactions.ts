import type { NodeParts } from './assemble';
import { registrationFor } from './directory-reports';
import type { SettingsChange } from './settings-change';

/**
 * The running parts' reactions to a saved change of the settings, each only to the fields it reads: a new spending
 * limit is read by the budget at the next request and needs none, while a new backend URL makes the node look at its
 * LLM server again and tell the directory.
 */
export function reactToSettings(change: SettingsChange, n: NodeParts, stopped: () => boolean): void {
  if (change.offerMayMove) {
    n.offer.forgetBackend();
    n.admission.capacityChanged();
    n.reach.settingsChanged();
    n.earnings.settingsChanged();
  }
  if (change.gatewayMayMove) void n.gateway.listener.settingsChanged();
  if (!change.offerMayMove) return;
  void n.looks.refresh().then(() => {
    n.looks.checkDrift();
    // A node that could not register (no server, no models, a refused key) registers as soon as a change fixes it,
    // not at the next 30 s look.
    if (!stopped() && n.link.status.registeredAt === null && registrationFor(n.reports).ok)
      n.link.requestReregister('settings changed');
  });
}

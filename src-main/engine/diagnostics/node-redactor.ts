import type { DetectionResult, NodeSnapshot, Settings } from '@shared/contract';
import { FIRST_RUN_NAMES } from '@shared/i18n/first-run-name';
import { isPathLike } from '../backends';
import { metMachine, SECRET_NAMES } from '../identity';
import { attempt, type DiagnosticsSources } from './diagnostics-sources';
import { readMachineIdentity, type MachineIdentity } from './machine-identity';
import { escapeRegExp, type PrivateNameKind } from './private-names';
import { Redactor } from './redact';

/** Fields of the bundle that hold nothing but a program's name: masked whole, however short the name. */
const NAME_FIELDS: Readonly<Record<string, PrivateNameKind>> = {
  'settings.ownerFirst.programs': 'program',
  'availability.owner.trigger.name': 'program',
};

/**
 * This computer's name until the person gives it one, numbered when an earlier machine has it
 * (fleet/first-run-name.ts).
 */
const FIRST_RUN_NAME = new RegExp(`^(?:${Object.values(FIRST_RUN_NAMES).map(escapeRegExp).join('|')})(?: \\d+)?$`);

/**
 * The masking of a bundle or a saved log, set up with what is secret and private on this node now: the secrets by
 * value, the values kept readable although they look like keys, this computer's home folder, names and addresses,
 * and the person's program and machine names.
 */
export function nodeRedactor(
  s: DiagnosticsSources,
  snap: NodeSnapshot,
  settings: Settings | { error: string },
  detection: unknown,
  health: unknown,
): Redactor {
  const store = attempt(() => s.secretStore());
  const secrets: Record<string, string | null> = {};
  if (store && !('error' in store)) {
    for (const name of SECRET_NAMES) {
      try {
        secrets[name] = store.get(name);
      } catch {
        // An unreadable store: the shape rules still mask keys and tokens.
      }
    }
  }
  const runKey = s.backendApiKey();
  if (runKey) secrets.backend_api_key_for_this_run = runKey;
  // Harmless values that look like keys (a 36-character model name, the node id) are kept readable.
  const keep: string[] = [
    snap.node.nodeId ?? '',
    snap.appVersion,
    ...snap.backend.models,
    ...snap.recentTasks.map((t) => t.model ?? ''),
  ];
  if (!('error' in settings)) keep.push(settings.defaultModel ?? '', ...settings.excludedModels);
  const found = detection as DetectionResult | null;
  for (const c of found?.candidates ?? []) keep.push(...c.models.map((m) => m.name));
  const body = (health as { body?: { models?: unknown } } | null)?.body;
  if (Array.isArray(body?.models)) keep.push(...body.models.filter((m): m is string => typeof m === 'string'));
  const machine = attempt(() => (s.machine ?? readMachineIdentity)());
  const me: MachineIdentity = 'error' in machine ? { user: null, host: null, home: null, addresses: [] } : machine;
  // A model name that is a file path (an old setting, a server's own id) is masked like any other path.
  return new Redactor({
    secrets,
    home: s.home ?? me.home,
    keep: keep.filter((k) => !isPathLike(k)),
    names: {
      programs: programNames(s, snap, settings),
      machines: machineNames(s, settings),
      user: me.user,
      host: me.host,
    },
    addresses: me.addresses,
    fields: NAME_FIELDS,
  });
}

/**
 * Every program name known now: the owner-first list, what the watcher yields to now, and what it yielded to before.
 */
function programNames(s: DiagnosticsSources, snap: NodeSnapshot, settings: Settings | { error: string }): string[] {
  const names: string[] = [];
  if (!('error' in settings)) names.push(...settings.ownerFirst.programs);
  const trigger = snap.availability.owner.trigger;
  if (trigger && 'name' in trigger && trigger.name) names.push(trigger.name);
  const seen = attempt(() => s.programNames?.() ?? []);
  if (!('error' in seen)) names.push(...seen);
  return names;
}

/**
 * The names the person gave their machines; names the app gave (the first-run name, a machine known by its id) say
 * nothing of them.
 */
function machineNames(s: DiagnosticsSources, settings: Settings | { error: string }): string[] {
  const names = 'error' in settings ? [] : [settings.displayName];
  const listed = attempt(() => s.machines?.() ?? []);
  if (!('error' in listed))
    names.push(...listed.filter((m) => m.name !== metMachine(m.nodeId).name).map((m) => m.name));
  return names.filter((n) => !FIRST_RUN_NAME.test(n.trim()));
}

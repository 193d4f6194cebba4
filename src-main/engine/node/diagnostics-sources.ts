import { join } from 'node:path';
import type { NodeSnapshot, Settings } from '@shared/contract';
import type { DiagnosticsSources } from '../diagnostics/diagnostics';
import { FileSecretStore, PLAIN_SECRETS_FILE } from '../identity/secret-store';
import type { NodeServices } from './node-services';
import type { NodeCommands } from './node-commands';
import type { ProviderNodeOptions } from './options';

/** What of a node "Save logs" and the diagnostics bundle read: they read the engine, never change it. */
export interface DiagnosedNode {
  commands: NodeCommands;
  options: ProviderNodeOptions;
  services(): NodeServices | null;
  snapshot(): NodeSnapshot;
  settings(): Settings;
  /** The programs the owner-first watcher yielded to since the engine started. */
  programNames(): readonly string[];
  now(): Date;
}

export function nodeDiagnosticsSources(n: DiagnosedNode): DiagnosticsSources {
  const o = n.options;
  return {
    appInfo: () => n.commands.appInfo(),
    snapshot: () => n.snapshot(),
    settings: () => n.settings(),
    events: (limit, beforeId) => n.commands.listEvents(limit, beforeId),
    runtime: () => {
      const services = n.services();
      return services && { taskPort: services.taskPort, detect: (extraUrls, apiKeys) => n.commands.detectBackends(extraUrls, apiKeys) };
    },
    // Read afresh each time: the node token changes with every registration.
    secretStore: () => o.secretStore ?? new FileSecretStore(join(o.dataDir, PLAIN_SECRETS_FILE)),
    backendApiKey: () => o.backendApiKey ?? null,
    // Names of programs and of this computer, masked wherever they appear.
    programNames: () => n.programNames(),
    machine: o.tuning?.machine,
    dataDir: o.dataDir,
    now: () => n.now(),
  };
}

/**
 * Child process of the hostile directory bench: the test directory with a real Ed25519 key, in a process of its own
 * so that signing its endless pages costs neither the node nor the consumer and prober measuring it. The parent turns
 * it hostile (`endless`, `deep`) and honest again (`honest`, which answers how many hostile pages it served).
 */
import { generateGenesisKey, startTestDirectory, type HostilePages } from '../../support/directory';
import { serveChild } from '../lib/server-child';

export interface DirectoryInfo {
  url: string;
}

serveChild<DirectoryInfo>(async () => {
  const directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 5_000,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
  let pages: HostilePages | null = null;
  const turn = (p: HostilePages | null) => {
    const served = pages?.served ?? 0;
    pages = p;
    directory.events.hostile(p);
    return served;
  };
  return {
    info: { url: directory.url },
    handlers: {
      endless: () => turn({ kind: 'endless' }),
      deep: () => turn({ kind: 'deep', bytes: 4 * 2 ** 20 - 64 }),
      honest: () => turn(null),
    },
    close: () => directory.close(),
  };
});

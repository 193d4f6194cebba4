import { said, type Said } from '@shared/i18n/said';
import { toPortMapperError, type Mapping, type PortMapper } from './port-mapper';

// High, unprivileged and below the usual ephemeral range, where routers' own services rarely sit.
const ALT_PORT_MIN = 20_000;
const ALT_PORT_SPAN = 40_000;

/** What one install with fallback needs of its mapping task. */
export interface MappingInstall {
  mapper: Pick<PortMapper, 'install' | 'supportsAnyExternalPort'>;
  /** The task port: always the internal port. */
  port: number;
  leaseSeconds: number;
  /** The public port asked for first: the task port, or the previous public port on a re-install. */
  first: number;
  /** Other public ports tried, one by one, when the router refuses and cannot pick one itself. */
  alternativePorts: number;
  random: () => number;
  stopRequested: () => boolean;
  /** Runs one mapper call, bounded and after the mapper is ready. */
  call: (what: string, fn: () => Promise<Mapping>) => Promise<Mapping>;
  step: (line: Said) => void;
}

/**
 * Asks for the first port; if the router refuses it (another device holds it), asks for whatever port the router
 * grants, or — when the mapper cannot say which port that was — for a few other explicit ports.
 */
export async function installWithFallback(a: MappingInstall): Promise<Mapping> {
  const install = (externalPort: number) =>
    a.call('installing', () => a.mapper.install({ internalPort: a.port, externalPort, leaseSeconds: a.leaseSeconds }));
  try {
    return await install(a.first);
  } catch (err) {
    const e = toPortMapperError(err, 'installing');
    if (e.kind !== 'refused' || a.stopRequested()) throw e;
    if (a.mapper.supportsAnyExternalPort) {
      a.step(said('ladder.mapping.refusedAny', { port: a.first }));
      return await install(0);
    }
    let last = e;
    for (let i = 0; i < a.alternativePorts && !a.stopRequested(); i++) {
      const alt = ALT_PORT_MIN + Math.floor(a.random() * ALT_PORT_SPAN);
      a.step(
        i === 0
          ? said('ladder.mapping.refusedTry', { port: a.first, alt })
          : said('ladder.mapping.refusedAgain', { alt }),
      );
      try {
        return await install(alt);
      } catch (err2) {
        last = toPortMapperError(err2, 'installing');
        if (last.kind !== 'refused') throw last;
      }
    }
    throw last;
  }
}

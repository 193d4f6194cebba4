/**
 * Child process of hostile-fleet.test.ts: sends the hostile requests of fleet-attack.ts to `/iicp/fleet` over and over
 * from a process of its own, from each of the source addresses given, so the node in the test's process does only its
 * own side of the work while its `/iicp/health` and its siblings are watched.
 *
 * fleet-attacker-child.ts '{"port": …, "from": …, "ms": …, "sources": ["127.0.0.2", …], "concurrency": …, "perSecond":
 * …}'
 *
 * Says `ready` once its bodies are built, floods on any message, then sends `{type: 'done', tallies, problems}`.
 */
import { fleetAttacks, floodFor } from './fleet-attack';

const o = JSON.parse(process.argv[2] ?? '{}') as {
  port: number;
  from: string;
  ms: number;
  sources: string[];
  concurrency: number;
  perSecond?: number;
};
const attacks = fleetAttacks(o.from);
process.send?.({ type: 'ready' });
process.once('message', () => {
  void floodFor(o.port, attacks, o).then((r) => process.send?.({ type: 'done', ...r }, () => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));

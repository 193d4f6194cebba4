/**
 * Child process of hostile-gateway-apps.test.ts: sends the gateway's hostile bodies (gateway-attack.ts) over and over
 * from a process of its own, so the node in the test's process does only its own side of the work while its
 * `/iicp/health` and memory are measured.
 *
 *   gateway-attacker-child.ts '{"port": …, "key": …, "model": …, "ms": …, "concurrency": …}'
 *
 * Says `ready` once its bodies are built, attacks on any message, then sends `{type: 'done', tallies, problems}`.
 */
import { attackFor, gatewayAttacks, type GatewayTarget } from './gateway-attack';

const o = JSON.parse(process.argv[2] ?? '{}') as GatewayTarget & { ms: number; concurrency: number };
const attacks = gatewayAttacks(o);
process.send?.({ type: 'ready' });
process.once('message', () => {
  void attackFor(o.port, attacks, o).then((r) => process.send?.({ type: 'done', ...r }, () => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));

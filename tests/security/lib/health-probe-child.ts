/**
 * Probes a node's `/iicp/health` from a process of its own (lib/health-bound.ts `probeHealthApart`), so the answers
 * are not held up by what the test process does meanwhile: a test relay streaming gigabytes, a directory, a
 * dashboard being polled.
 *
 *   health-probe-child.ts <port> '<ProbeOptions as JSON>'
 *
 * Says `ready` once probing, and on any message stops (after at least the options' `minProbes`), sends the window
 * and exits.
 */
import { probeHealth, type ProbeOptions } from './health-bound';

const probe = probeHealth(Number(process.argv[2]), JSON.parse(process.argv[3] ?? '{}') as ProbeOptions);
process.send?.({ type: 'ready' });
process.once('message', () => {
  void probe.stop().then((w) => process.send?.({ type: 'window', w }, () => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));

/**
 * Fleet bench: what a question to `/iicp/fleet` costs the node that answers it, hostile or honest. A node with an
 * operator identity runs in a process of its own (tests/security/lib/fleet-node-child.ts: unregistered, no other
 * machine to look at), and this process sends it, one after another on a keep-alive connection, slices of each kind in
 * turn, `BENCH_FLEET_ROUNDS` rounds of `BENCH_FLEET_SLICE` each, so whatever else the machine does falls on every kind
 * alike. The node's own `process.cpuUsage()` (every thread) is read before and after each slice.
 *
 * The kinds: an honest question (the baseline: opened, numbered, kept, answered with a sealed status), `GET
 * /iicp/health` (what any request costs), the hostile requests of tests/security/lib/fleet-attack.ts (random bytes of
 * exactly the sizes the machines send, a sibling's node id; the largest status as a hello; the route's earlier 192 KiB
 * cap filled with nesting or members), all from 127.0.0.1 (a local tunnel's address, which no allowance limits, so
 * every one is read: the most each costs), and question-shaped requests from a source past its allowance (429).
 * Printed: µs of the node's CPU per request and the ratio to an honest question; target: every hostile kind ≤ 2×,
 * PASS/MISS. Knobs: BENCH_FLEET_ROUNDS (10), BENCH_FLEET_SLICE (30). Writes test-artifacts/bench/fleet.json. Exit
 * code 1 only when an answer is not the one its kind must get (the bench broke).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { askFor } from '@engine/fleet/fleet-wire';
import { openOperatorFile, readOperatorFile } from '@engine/identity/operator-file';
import { fleetKey } from '@engine/identity/operator-key';
import type { RawResponse } from '../../security/lib/raw-http';
import {
  answerProblem,
  FLEET_NODE_PASSPHRASE,
  FleetClient,
  fleetAttacks,
  type FleetNodeInfo,
} from '../../security/lib/fleet-attack';
import { startFakeBackend } from '../../support/backends';
import { tempDir } from '../../support/tmp';
import { knob } from '../lib/knob';
import { startChild } from '../lib/server-child';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ROUNDS = Math.floor(knob('BENCH_FLEET_ROUNDS', 10, 1, 1));
const SLICE = Math.floor(knob('BENCH_FLEET_SLICE', 30, 1, 5));
const TARGET = 2;
const SIBLING = 'node-attic-0002';
const VISITOR = 'node-visitor-0009';

interface Kind {
  label: string;
  client: FleetClient;
  send: (c: FleetClient) => Promise<RawResponse | null>;
  /** What is wrong with an answer of this kind, or null. */
  check: (r: RawResponse) => string | null;
  hostile: boolean;
}

const backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
const data = tempDir('iicp-bench-fleet-');
const node = await startChild<FleetNodeInfo>(
  'fleet node',
  fileURLToPath(new URL('../../security/lib/fleet-node-child.ts', import.meta.url)),
  [JSON.stringify({ dataDir: data.dir, backendUrl: backend.url })],
);
let broken = false;
try {
  const key = fleetKey((await openOperatorFile(readOperatorFile(node.info.file), FLEET_NODE_PASSPHRASE)).seed);
  let asked = 0;
  const honest = () => askFor(key, VISITOR, node.info.nodeId, ++asked).body;
  const local = new FleetClient(node.info.taskPort);
  const limited = new FleetClient(node.info.taskPort, '127.0.0.2');
  // The node's fleet starts once its first looks are done.
  for (let i = 0; i < 200 && (await local.post(honest()))?.status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  const status = (want: number) => (r: RawResponse) => (r.status === want ? null : `status ${r.status}`);
  const kinds: Kind[] = [
    { label: 'honest question', client: local, send: (c) => c.post(honest()), check: status(200), hostile: false },
    { label: 'GET /iicp/health', client: local, send: (c) => c.health(), check: status(200), hostile: false },
    ...fleetAttacks(SIBLING).map((a) => ({
      label: a.label,
      client: local,
      send: (c: FleetClient) => c.post(a.body()),
      check: answerProblem,
      hostile: true,
    })),
  ];
  const question = fleetAttacks(SIBLING)[0]!;
  // Its allowance spent first: every later request of this source is answered 429, the body unread (a few refill).
  for (let i = 0; i < 80; i++) await limited.post(question.body());
  kinds.push({
    label: 'question-shaped, past its allowance',
    client: limited,
    send: (c) => c.post(question.body()),
    check: answerProblem,
    hostile: true,
  });

  const cost = new Map(
    kinds.map((k) => [k.label, { us: 0, n: 0, statuses: {} as Record<number, number>, problems: [] as string[] }]),
  );
  for (const k of kinds) await k.send(k.client);
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of kinds) {
      const c = cost.get(k.label)!;
      const before = await node.call<number>('cpu');
      const answers: (RawResponse | null)[] = [];
      for (let i = 0; i < SLICE; i++) answers.push(await k.send(k.client));
      c.us += (await node.call<number>('cpu')) - before;
      c.n += SLICE;
      for (const r of answers) {
        if (r) c.statuses[r.status] = (c.statuses[r.status] ?? 0) + 1;
        const problem = r === null ? 'no answer' : k.check(r);
        if (problem && c.problems.length < 3) c.problems.push(problem);
      }
    }
  }
  local.close();
  limited.close();

  const honestUs = cost.get('honest question')!.us / cost.get('honest question')!.n;
  const rows = kinds.map((k) => {
    const c = cost.get(k.label)!;
    const us = c.us / c.n;
    return {
      kind: k.label,
      requests: c.n,
      usPerRequest: us,
      vsHonest: us / honestUs,
      statuses: c.statuses,
      problems: c.problems,
      pass: !k.hostile || us / honestUs <= TARGET,
    };
  });
  console.log(
    `fleet: the answering node's CPU per request, ${ROUNDS} rounds of ${SLICE} per kind, interleaved; target: every hostile kind ≤ ${TARGET}× an honest question`,
  );
  console.log(
    ['kind'.padEnd(40), 'requests'.padStart(9), 'µs/request'.padStart(11), '× honest'.padStart(9), ' answers'].join(
      ' ',
    ),
  );
  for (const r of rows) {
    const answers = Object.entries(r.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const verdict = r.kind === 'honest question' || r.kind === 'GET /iicp/health' ? '' : r.pass ? 'PASS' : 'MISS';
    console.log(
      [
        r.kind.padEnd(40),
        String(r.requests).padStart(9),
        r.usPerRequest.toFixed(0).padStart(11),
        r.vsHonest.toFixed(2).padStart(9),
        ` ${answers.padEnd(24)}`,
        verdict,
      ].join(' '),
    );
    if (r.problems.length > 0) {
      console.error(`${r.kind}: unexpected answers: ${r.problems.join('; ')}`);
      broken = true;
    }
  }
  mkdirSync(join(ROOT, 'test-artifacts/bench'), { recursive: true });
  writeFileSync(
    join(ROOT, 'test-artifacts/bench/fleet.json'),
    JSON.stringify({ rounds: ROUNDS, slice: SLICE, target: TARGET, rows }, null, 2),
  );
} finally {
  await node.stop();
  await backend.close();
  data.cleanup();
}
process.exit(broken ? 1 : 0);

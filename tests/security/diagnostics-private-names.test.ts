/**
 * What a diagnostics bundle and a saved log carry out of the computer. A person attaches them to a support request;
 * whoever reads it must not learn which programs they run, their user name, the computer's name, its addresses or
 * the paths of their folders. A real node runs the owner-first watcher against a fake `nvidia-smi` and a fake /proc:
 * a game appears on the GPU (the node gives it back), then a program from the person's own list starts ("steam": a
 * short name that is also an ordinary word). The host reports a key-store failure naming a path under the person's
 * home, the computer and its addresses, and the person's display name says whose computer it is. Then the bundle and
 * the log are searched as text, and at each field that held a program's name.
 */
import { english } from '@shared/i18n/say';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsBundle, OwnerTrigger } from '@shared/contract';
import type { MachineIdentity } from '@engine/diagnostics/machine-identity';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { DESKTOP, FAKE_NVIDIA_SMI, GAME, OLLAMA_ON_GPU, writeGpuState } from '../support/gpu-tools/gpu-state';
import { startNode, type NodeHarness } from '../support/node-harness';
import { tempDir } from '../support/tmp';

const USER = 'alice';
const HOST = 'alice-desktop';
const MAC = '3c:7c:3f:1a:2b:4c';
const LAN_IP = '192.168.178.23';
/** The person's list: a short everyday word, a long name with a space, and one that never runs. */
const PICKED = ['steam', 'DaVinci Resolve', 'code'];

let t: { dir: string; cleanup(): void };
let home: string;
let proc: string;
let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let json: string;
let bundle: DiagnosticsBundle;
let logs: string;

const machine = (): MachineIdentity => ({ user: USER, host: `${HOST}.fritz.box`, home, addresses: [LAN_IP, MAC] });
const trigger = () => h.node.getSnapshot().availability.owner.trigger as (OwnerTrigger & { name?: string }) | null;

/** A process in the fake /proc, as the kernel lists it. */
function runs(pid: number, comm: string, cmdline: string): void {
  mkdirSync(join(proc, String(pid)), { recursive: true });
  writeFileSync(join(proc, String(pid), 'comm'), `${comm}\n`);
  writeFileSync(join(proc, String(pid), 'cmdline'), `${cmdline}\0`);
}

beforeAll(async () => {
  t = tempDir('iicp-private-names-');
  home = join(t.dir, 'home', USER);
  proc = join(t.dir, 'proc');
  mkdirSync(proc, { recursive: true });
  const dataDir = join(home, '.config', 'IICP Provider');
  mkdirSync(dataDir, { recursive: true });
  const gpuState = join(t.dir, 'gpu.json');
  writeGpuState(gpuState, [DESKTOP, OLLAMA_ON_GPU]);
  process.env.FAKE_GPU_STATE = gpuState;
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  const port = await freePort();
  h = await startNode(
    {
      backendUrl: backend.url,
      directoryUrl: directory.url,
      publicEndpoint: `http://127.0.0.1:${port}`,
      displayName: `Alice's node on ${HOST}`,
      ownerFirst: {
        gpuPrograms: true,
        fullscreen: false,
        programs: PICKED,
        graceSeconds: 1,
        cooldownSeconds: 60,
        freeMemory: false,
        vramFloorGb: null,
        maxPowerW: null,
        maxTemperatureC: null,
      },
    },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      tuning: {
        owner: {
          intervalMs: 300,
          tools: { nvidiaSmi: FAKE_NVIDIA_SMI, rocmSmi: null, ioreg: null, xprop: null },
          raplRoot: null,
          procRoot: proc,
        },
        machine,
      },
    },
    dataDir,
  );

  // A game takes the GPU: the node gives it back, naming the game.
  writeGpuState(gpuState, [DESKTOP, OLLAMA_ON_GPU, GAME]);
  await eventually(() => expect(trigger()).toMatchObject({ kind: 'gpu_program', name: 'Cyberpunk2077.exe' }), 10_000);
  // Then a program from the person's list starts: it names the pause from now on.
  runs(4321, 'steam', `${home}/.local/share/Steam/ubuntu12_32/steam`);
  await eventually(() => expect(trigger()).toMatchObject({ kind: 'picked_program', name: 'steam' }), 10_000);
  await eventually(() => expect(english.said(h.node.getSnapshot().stateReason!)).toContain('“steam”'));
  // The host's own words about a failure, as an OS key store gives them.
  h.node.secretsWritten(
    `The key store refused the write: ${home}/.local/share/keyrings/login.keyring on ${HOST} (${MAC}, ${LAN_IP}, user ${USER}).`,
  );
  h.node.secretsWritten(null);

  const commands = h.node.commandHandlers();
  json = (await commands.getDiagnostics({})).json;
  bundle = JSON.parse(json) as DiagnosticsBundle;
  logs = (await commands.exportLogs({ limit: 500 })).text;
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
  t?.cleanup();
  delete process.env.FAKE_GPU_STATE;
});

/** Every private value, with how it may be searched for: anywhere, case-insensitive. */
const PRIVATE: readonly [what: string, text: () => string][] = [
  ['the game', () => 'Cyberpunk'],
  ['a picked program', () => 'DaVinci Resolve'],
  ['the picked program that ran', () => 'steam'],
  ['the user name', () => USER],
  ['the host name', () => HOST],
  ['the MAC address', () => MAC],
  ['the LAN address', () => LAN_IP],
  ['the home folder', () => home],
  ['the temp folder the home is in', () => t.dir],
];

function leaks(text: string): string[] {
  const found = PRIVATE.filter(([, v]) => text.toLowerCase().includes(v().toLowerCase())).map(([what]) => what);
  // "code" is an ordinary word (JSON keys, exit codes): as a program it would stand quoted or as a list item.
  if (/[“"]code[”"](?!\s*:)/i.test(text)) found.push('a picked program ("code")');
  return found;
}

describe('a diagnostics bundle and a saved log', () => {
  it('carry no program name, user name, host name, address or home path anywhere', () => {
    const inBundle = leaks(json);
    const inLogs = leaks(logs);
    console.log(
      `private-names: bundle leaks ${inBundle.length} of ${PRIVATE.length + 1} (${inBundle.join(', ') || 'none'}); saved log leaks ${inLogs.length} (${inLogs.join(', ') || 'none'})`,
    );
    expect(inBundle).toEqual([]);
    expect(inLogs).toEqual([]);
  });

  it('mask every field that held a program name, and say what was there', () => {
    const settings = bundle.settings as { ownerFirst?: { programs?: string[] } };
    const availability = bundle.availability as {
      message: string | null;
      owner: { trigger: { kind: string; name?: string } | null };
    };
    expect(settings.ownerFirst?.programs).toEqual(PICKED.map(() => '[redacted:program]'));
    expect(availability.owner.trigger).toEqual({ kind: 'picked_program', name: '[redacted:program]' });
    expect(bundle.node.stateReason).toContain('“[redacted:program]”');
    expect(availability.message).toContain('“[redacted:program]”');
    // What explains the problem stays: the GPU's name, the data folder below the home, the events by name.
    expect(bundle.dataDir).toBe('~/.config/IICP Provider');
    expect(json).toContain('NVIDIA GeForce RTX 4090');
    expect(logs).toMatch(/owner_yield trigger=gpu_program program=\[redacted:program\]/);
    expect(logs).toContain(
      'secrets_not_saved The key store refused the write: ~/.local/share/keyrings/login.keyring on [redacted:host] (<mac>, <ipv4:private>, user [redacted:user]).',
    );
  });
});

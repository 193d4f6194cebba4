/**
 * Invalid contract commands (unknown names, wrong shapes, prototype keys, huge strings, deep nesting)
 * and invalid bridge frames, drawn from a seeded Prng. Every generated request is checked against the
 * contract's own schema and redrawn if it happens to be valid, so "never reaches the engine" is exact.
 */
import { BridgeRequestSchema, COMMAND_NAMES, COMMANDS, type CommandName } from '@shared/contract';
import type { Prng } from './prng';
import {
  deepJsonText,
  defineKey,
  EDGE_NUMBERS,
  hostileString,
  randomJson,
  randomText,
  TRAP_KEYS,
  wrongTypeValue,
} from './values';

type Json = Record<string, unknown>;

/** A valid request per command to mutate from (commands not listed start from `{}`). */
const SAMPLES: Partial<Record<string, Json>> = {
  pause: { untilMs: 1_900_000_000_000 },
  updateSettings: {
    displayName: 'Attic box',
    maxConcurrent: 2,
    backendUrl: 'http://127.0.0.1:11434',
    excludedModels: ['a'],
  },
  listEvents: { limit: 10, beforeId: 5 },
  removeNode: { confirm: true },
  detectBackends: { extraUrls: ['http://127.0.0.1:1234'], apiKeys: [{ url: 'http://127.0.0.1:1234', apiKey: 'k' }] },
  chooseBackend: { url: 'http://127.0.0.1:11434', apiKey: 'k', defaultModel: 'qwen2.5:7b', excludedModels: [] },
  completeSetup: { startAtLogin: false },
  updateSchedule: { timeZone: 'Europe/Berlin', windows: [], outsideShare: 0 },
  previewAvailability: { hours: 24, schedule: { timeZone: 'UTC', windows: [], outsideShare: 1 } },
  setStartAtLogin: { enabled: false },
  getEarnings: { days: 7 },
  listLedger: { limit: 10, from: 0, to: 1, model: 'm', receipt: 'accepted' },
  exportLedger: { from: 0, to: 1 },
};

/** Spellings that look like a command but are not one. */
function nearMiss(r: Prng): string {
  const name = r.pick(COMMAND_NAMES) as string;
  const variants = [
    () => name.toUpperCase(),
    () => name[0]!.toUpperCase() + name.slice(1),
    () => ` ${name}`,
    () => `${name} `,
    () => `${name}\u0000`,
    () => `${name}\n`,
    () => name.replace('a', '\u0430'), // Cyrillic a
    () => name.replace('e', '\u0435'),
    () => `${name}s`,
    () => name.slice(0, -1),
    () => `iicp:cmd:${name}`,
    () => `${name}.call`,
    () => `../${name}`,
    () => `${name}/../getSnapshot`,
    () => `engine.${name}`,
    () => `_${name}`,
  ];
  return r.pick(variants)();
}

const UNKNOWN_NAMES: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'then',
  'stop',
  'start',
  'shutdown',
  'quit',
  'exec',
  'eval',
  'requireServices',
  'storeCall',
  'commandHandlers',
  'getSecrets',
  'deleteNode',
  'setToken',
  '',
];

export interface InvalidCommand {
  command: unknown;
  request: unknown;
  label: string;
}

function isValid(command: unknown, request: unknown): boolean {
  if (typeof command !== 'string' || !Object.hasOwn(COMMANDS, command)) return false;
  return COMMANDS[command as CommandName].safeParse(request === undefined ? {} : request).success;
}

/** A request for `name` that its schema refuses. */
function invalidRequestFor(r: Prng, name: string): { request: unknown; label: string } {
  const sample = SAMPLES[name] ?? {};
  for (let attempt = 0; attempt < 20; attempt++) {
    const req: Json = JSON.parse(JSON.stringify(sample)) as Json;
    const keys = Object.keys(req);
    const m = r.int(0, 9);
    let label: string;
    let out: unknown = req;
    if (m === 0) {
      out = r.pick([null, 0, 42, -1, 'request', '', true, false, [], [req], [[]], EDGE_NUMBERS]);
      label = 'not an object';
    } else if (m === 1 && keys.length > 0) {
      const k = r.pick(keys);
      req[k] = wrongTypeValue(r, req[k]);
      label = `wrong type for ${k}`;
    } else if (m === 2) {
      defineKey(
        req,
        r.pick(TRAP_KEYS),
        r.chance(0.5) ? { polluted: 'yes', isAdmin: true, maxConcurrent: 64 } : randomJson(r),
      );
      label = 'prototype or trap key';
    } else if (m === 3) {
      defineKey(req, randomText(r, 12) || 'x', randomJson(r));
      label = 'extra key';
    } else if (m === 4 && keys.length > 0) {
      const k = r.pick(keys);
      req[k] = r.chance(0.5) ? 'h'.repeat(r.int(256, 40_000)) : hostileString(r);
      label = `huge or hostile string in ${k}`;
    } else if (m === 5) {
      const k = keys.length > 0 && r.chance(0.7) ? r.pick(keys) : 'nested';
      // Kept where JSON.stringify still copes (the IPC/bridge tests send these as objects); deeper below, as text.
      req[k] = JSON.parse(
        deepJsonText(r.pick([50, 500, 2_000]), r.pick(['array', 'object', 'mixed'] as const), r),
      ) as unknown;
      label = `deep nesting in ${k}`;
    } else if (m === 6 && keys.length > 0) {
      const k = r.pick(keys);
      req[k] = r.pick(EDGE_NUMBERS.filter((n) => !Number.isSafeInteger(n) || n <= 0 || n > 1e12));
      label = `edge number in ${k}`;
    } else if (m === 7) {
      defineKey(req, 'constructor', { prototype: { polluted: 'yes' } });
      label = 'constructor.prototype';
    } else if (m === 8) {
      out = Object.assign(Object.create(null) as Json, req, { [`x${r.int(0, 9)}`]: 1 });
      label = 'null-prototype object with an extra key';
    } else {
      const k = keys.length > 0 ? r.pick(keys) : 'field';
      req[k] = r.pick<unknown>([{ $gt: '' }, { toString: 'x' }, [req[k]], { valueOf: 1 }, new Array(3).fill(null)]);
      label = `operator-like object in ${k}`;
    }
    if (!isValid(name, out)) return { request: out, label };
  }
  return { request: { __surely_unknown_key__: true }, label: 'unknown key' };
}

/** One invalid command, as a transport would hand it to the dispatcher. */
export function invalidCommand(r: Prng, opts: { stringNamesOnly?: boolean } = {}): InvalidCommand {
  const which = r.weighted<string>([
    [2, 'unknown'],
    [2, 'near-miss'],
    [1, 'random-name'],
    [opts.stringNamesOnly ? 0 : 1, 'non-string'],
    [8, 'bad-request'],
  ]);
  if (which === 'bad-request') {
    const name = r.pick(COMMAND_NAMES) as string;
    const { request, label } = invalidRequestFor(r, name);
    return { command: name, request, label: `${name}: ${label}` };
  }
  const request = r.chance(0.5) ? {} : randomJson(r);
  if (which === 'unknown') return { command: r.pick(UNKNOWN_NAMES), request, label: 'unknown command' };
  if (which === 'near-miss') {
    const name = nearMiss(r);
    return isValid(name, request)
      ? { command: `${name}!`, request, label: 'near miss' }
      : { command: name, request, label: 'near miss' };
  }
  if (which === 'random-name')
    return { command: r.chance(0.5) ? randomText(r, 64) : 'c'.repeat(r.int(65, 5000)), request, label: 'random name' };
  return {
    command: r.pick([null, undefined, 0, 1, true, {}, [], ['pause'], { name: 'pause' }]),
    request,
    label: 'name not a string',
  };
}

/** True if (command, request) would pass the dispatcher's checks (the oracle the fuzzers use). */
export const passesSchema = isValid;

export interface BridgeFrame {
  data: string | Buffer;
  binary: boolean;
  /** The id a result must carry (-1 when the frame is not a request at all). */
  id: number;
  label: string;
}

/** One bridge frame the server must refuse (never dispatch to a handler). */
export function invalidFrame(r: Prng, nextId: () => number): BridgeFrame {
  const which = r.weighted<string>([
    [3, 'command'],
    [1, 'deep-text'],
    [1, 'not-json'],
    [1, 'binary'],
    [1, 'json-not-request'],
    [2, 'bad-envelope'],
  ]);
  if (which === 'command') {
    const c = invalidCommand(r, { stringNamesOnly: true });
    const id = nextId();
    const text = `{"id":${id},"command":${JSON.stringify(c.command ?? null)},"request":${JSON.stringify(c.request) ?? 'null'}}`;
    // Frames the bridge's own envelope schema refuses (e.g. names over 64 characters) are answered with id -1.
    const shapeOk = BridgeRequestSchema.safeParse(JSON.parse(text)).success;
    return { data: text, binary: false, id: shapeOk ? id : -1, label: `command ${c.label}` };
  }
  if (which === 'deep-text') {
    // Nesting far past what a recursive walker survives, as text (up to ~60 KiB, under the frame limit).
    const name = r.pick(COMMAND_NAMES) as string;
    const shape = r.pick(['array', 'object', 'mixed'] as const);
    const deep = deepJsonText(
      shape === 'array' ? r.pick([1_000, 10_000, 25_000]) : r.pick([1_000, 5_000, 10_000]),
      shape,
      r,
    );
    const id = nextId();
    const request = r.chance(0.5)
      ? deep
      : `{"${r.pick(['untilMs', 'displayName', 'limit', 'schedule', 'extraUrls', 'x'])}":${deep}}`;
    return {
      data: `{"id":${id},"command":"${name}","request":${request}}`,
      binary: false,
      id,
      label: `deep nesting in ${name}`,
    };
  }
  if (which === 'not-json') {
    return {
      data: r.pick([
        '',
        'not json',
        '{',
        '}',
        "{'id':1}",
        '{"id":1,}',
        'undefined',
        'NaN',
        '\u0000',
        '\ud800',
        randomText(r, 200),
        `{"id":1,"command":"getSnapshot","request":{}}garbage`,
      ]),
      binary: false,
      id: -1,
      label: 'not JSON',
    };
  }
  if (which === 'binary') {
    return {
      data: r.chance(0.5)
        ? r.bytes(r.int(0, 512))
        : Buffer.from(`{"id":${nextId()},"command":"getSnapshot","request":{}}`),
      binary: true,
      id: -1,
      label: 'binary frame',
    };
  }
  if (which === 'json-not-request') {
    return {
      data:
        JSON.stringify(
          r.pick([null, 0, 'getSnapshot', [], [1, 'getSnapshot', {}], true, { type: 'result' }, randomJson(r)]),
        ) ?? 'null',
      binary: false,
      id: -1,
      label: 'JSON that is not a request',
    };
  }
  const good = { id: nextId(), command: 'getSnapshot', request: {} } as Json;
  const m = r.int(0, 8);
  if (m === 0) good.id = r.pick([-1, -5, 1.5, '1', null, 2 ** 53, 1e308, [1], {}]);
  else if (m === 1) delete good.id;
  else if (m === 2) delete good.command;
  else if (m === 3) good.extra = randomJson(r);
  else if (m === 4) defineKey(good, '__proto__', { command: 'pause', request: {} });
  else if (m === 5) good.command = 'c'.repeat(r.int(65, 3000));
  else if (m === 6) good.command = r.pick([null, 1, {}, ['getSnapshot']]);
  else if (m === 7)
    return {
      data: `{"id":1,"id":2,"command":"getSnapshot","command":"pause","request":{},"request":{"x":1}}`,
      binary: false,
      id: 2,
      label: 'duplicate keys (last wins: pause with an extra key)',
    };
  else return { data: `[${JSON.stringify(good)}]`, binary: false, id: -1, label: 'request wrapped in an array' };
  return { data: JSON.stringify(good), binary: false, id: -1, label: 'malformed envelope' };
}

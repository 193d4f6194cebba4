/**
 * Every event the engine logs reads as one plain sentence: Logs and "Recent events" show the sentence, and
 * the event name and details only behind "Details".
 *
 *  a. every name in the catalogue, with details as the code that logs it writes them, gives a sentence without
 *     developer vocabulary: no snake_case, no error codes, no address with a port, no URL or route;
 *  b. the sources are scanned, independently of their types, for every event name passed to a log call: each is in
 *     the catalogue, and each catalogued name is still logged somewhere;
 *  c. rows an older version wrote (retired names, odd details) read as a sentence too, and nothing throws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLevel } from '@shared/contract';
import {
  ENGINE_EVENT_NAMES,
  eventLabel,
  eventWords,
  isEngineEventName,
  type EngineEventName,
} from '@shared/words/event-words';
import { scanLoggedEventNames, type EventNameScan } from './event-name-scan';

/** Details as the engine writes them, taken from the code that logs each event (several shapes where there are). */
const SAMPLES: { readonly [K in EngineEventName]: readonly string[] } = {
  engine_start: ['host=headless version=0.4.0', 'host=electron version=1.0.0-beta.2'],
  engine_restarted: [
    'The node was restarted because it stopped unexpectedly (ended by signal SIGKILL).',
    'The node was restarted because it stopped answering for 5 s.',
    'You asked to start it again.',
  ],
  engine_stop: [''],
  data_folder_not_private: [
    'The data folder /home/ann/.iicp could not be made private to this user (EPERM: operation not permitted), so other users of this computer may be able to read the node\'s ledger, settings and logs. Fix it with: chmod 700 "/home/ann/.iicp"',
  ],
  settings_invalid: ['fields reset to defaults: maxConcurrent, region', 'fields reset to defaults: someFutureSetting'],
  settings_changed: ['fields=backendUrl,maxConcurrent,excludedModels', 'fields=creditCostMultiplier', 'fields='],
  setup_completed: ['start_at_login=true', 'start_at_login=false'],
  start_at_login: ['enabled=true', 'enabled=false'],
  problem: [
    'backend: The local LLM server is not responding.',
    'backend: The local LLM server wants an API key (or a different one).',
    'store: The task ledger cannot be written (SQLITE_FULL: database or disk is full): served tasks are kept in memory until it can.',
    'store: The disk is full: served tasks and their credit claims are kept in memory until there is space again.',
  ],
  problem_cleared: ['backend', 'store'],
  availability_on: ['cause=manual', 'cause=pause_expired'],
  owner_yield: [
    'trigger=gpu_program program=Cyberpunk2077.exe',
    'trigger=picked_program program=Blender%20Launcher',
    'trigger=fullscreen',
    'trigger=fullscreen program=steam_app_1091500',
    'trigger=gpu_busy',
    'trigger=gpu_memory used_mib=9500',
    'trigger=vram_floor free_mib=1800 floor_mib=4096',
    'trigger=power_ceiling watts=312 limit=280',
    'trigger=temperature_ceiling celsius=86 limit=80',
  ],
  owner_done: ['resume_at=2026-11-21T15:02:00.000Z'],
  owner_resumed: ['after_s=300'],
  owner_tasks_cut: ['tasks=2', 'tasks=1'],
  owner_memory: [
    'Ollama unloaded 1 of 1 models.',
    'llama.cpp cannot be asked to free the GPU memory; it keeps its model loaded while paused.',
  ],
  owner_share_anyway: [
    'until=2026-11-21T16:00:00.000Z',
    'until=2026-11-21T16:00:00.000Z owner_busy=1',
    'until=2026-11-21T16:00:00.000Z restored=1',
    'ended=time_up',
    'ended=stopped',
    'ended=expired',
    'ended',
    'not_saved=1 SQLITE_FULL: database or disk is full',
  ],
  owner_watch_off: [
    'the watcher thread ended 5 times in a row; watching for your own use is off until the app restarts.',
  ],
  availability_off: ['cause=manual', 'cause=manual until=2026-11-21T15:00:00.000Z', 'cause=removed'],
  schedule_changed: ['windows=2 zone=America/New_York outside=0.5', 'windows=0 zone=Europe/Berlin outside=1'],
  schedule_invalid: [
    'windows skipped: 2',
    'windows skipped: 1',
    'unknown time zone Mars/Olympus_Mons; using America/Los_Angeles',
  ],
  serve_start: ['port=9484'],
  register_ok: [
    'endpoint=http://203.0.113.7:9484 models=2',
    'endpoint=https://tall-river-1234.trycloudflare.com models=1',
  ],
  register_fail: [
    'directory request POST /v1/register connect ECONNREFUSED 127.0.0.1:38200',
    'directory request POST /v1/register getaddrinfo ENOTFOUND iicp.example',
    'directory request POST /v1/register timed out',
    'status=429 code=IICP-E034 message: TooManyRegistrationAttempts retry_after_ms=60000',
    'status=503 code=http_503',
    'status=422 code=validation_error message: Input validation failed fields: endpoint: IICP-E036: endpoint unreachable from directory (HTTP 502).',
    'status=422 code=validation_error message: Input validation failed fields: endpoint: IICP-E035 private address',
    'status=401 code=restricted_domain_denied membership=none',
    'status=401 code=restricted_domain_denied membership=refused',
    'status=403 code=IICP-E050 message: proof of possession required',
    'status=404 code=http_404 message: /v1/register',
    'no node_token in response',
    "secrets not saved: ENOSPC: no space left on device, write '/data/secrets.json.tmp'",
    'status=422 code=validation_error message: Input validation failed fields: operator_display_name: operator_display_name is already claimed by another verified operator (IICP-E051)',
    'status=422 code=validation_error message: Input validation failed fields: operator_delegation: operator identity is rotated or revoked and cannot make new delegation claims (IICP-E063)',
  ],
  reregister_ok: ['endpoint=http://203.0.113.7:9484 models=3'],
  reregister_fail: [
    'directory request POST /v1/register connect ECONNRESET',
    'status=401 code=unauthorized message: Invalid credentials',
    'status=500 code=server_error message: Server Error retry_after_ms=1000',
  ],
  heartbeat_ok: ['batch=b-12', ''],
  heartbeat_fail: [
    'status=401 code=unauthorized → re-register',
    'status=404 code=not_found → re-register',
    'directory request POST /v1/heartbeat getaddrinfo ENOTFOUND iicp.example',
    'directory request POST /v1/heartbeat connect ECONNREFUSED 127.0.0.1:38200',
    'status=502 code=http_502',
    'status=429 code=rate_limited message: Too Many Attempts. retry_after_ms=3000',
    'status=401 code=restricted_domain_denied membership=refused',
    'status=422 code=validation_error message: Input validation failed',
  ],
  token_refused: ['status=401 code=unauthorized message: Invalid credentials retry_after_ms=5000'],
  deregister_ok: [''],
  deregister_fail: [
    'status=500 code=server_error',
    'status=401 code=unauthorized',
    'directory request DELETE /v1/register connect ECONNREFUSED 127.0.0.1:9',
    'network error',
  ],
  secrets_not_saved: ["EROFS: read-only file system, open '/data/secrets.json.tmp'"],
  directory_turn_failed: ["TypeError: Cannot read properties of undefined (reading 'capabilities')"],
  directory_loop_crashed: ['RangeError: Maximum call stack size exceeded'],
  operator_created: ['fingerprint=3f2a9c01b7de'],
  operator_renamed: ['fingerprint=3f2a9c01b7de'],
  operator_exported: ['fingerprint=3f2a9c01b7de'],
  operator_imported: ['fingerprint=3f2a9c01b7de replaced=false', 'fingerprint=3f2a9c01b7de replaced=true'],
  operator_rotated: ['from=3f2a9c01b7de to=8e41d0c2a955'],
  operator_bound: ['fingerprint=3f2a9c01b7de'],
  operator_unverified: ['fingerprint=3f2a9c01b7de'],
  earnings_sync_failed: [
    'balance: directory request GET /v1/credits/balance connect ECONNREFUSED 127.0.0.1:38200; node: directory request GET /v1/node/5b0c1d2e getaddrinfo ENOTFOUND iicp.example',
    'node: status=404 code=http_404 message: /v1/node/2f1e3d4c-8a9b-4c5d-9e0f-112233445566',
    'not registered yet: no node token',
    // What an older version logged: the Earnings page's sentence, with the route in it.
    'Could not read the node: /v1/node/2f1e3d4c-8a9b-4c5d-9e0f-112233445566',
  ],
  earnings_sync_not_saved: ['SQLITE_FULL: database or disk is full'],
  verify_done: [
    'events=1200 last_seq=5120 verified=12 differences=0',
    'events=100000 last_seq=100000 verified=40 differences=2',
  ],
  verify_failed: [
    'the directory’s key could not be read (HTTP 404)',
    'the directory’s event log answer is not JSON',
    'the verifier’s thread ended',
  ],
  verify_key_accepted: ['fingerprint=0123456789abcdef'],
  verify_problem: [
    'The directory’s signed record changed after this node verified it: events it had already checked are now different.',
  ],
  ledger_write_failed: [
    'rows=3 SQLITE_FULL: database or disk is full',
    'rows=1 SQLITE_READONLY: attempt to write a readonly database',
  ],
  ledger_helper_failed: ['SQLITE_READONLY: attempt to write a readonly database', 'SQLITE_BUSY: database is locked'],
  pricing_accepted: [
    'multiplier=2.5 model=per_token via=heartbeat',
    'multiplier=1 model=per_request via=register',
    'multiplier=0.5 model=flat via=heartbeat',
  ],
  receipt_awarded: ['task=7c1e2a awarded=0.25', 'task=7c1e2a awarded=1', 'tasks=50 awarded=1.25'],
  receipt_outbox_failed: ['SQLITE_BUSY: database is locked'],
  receipt_expired: ['task=7c1e2a'],
  receipt_without_querying_node: ['task=7c1e2a'],
  receipt_hourly_cap: ['task=7c1e2a retry_at=2026-11-21T16:00:12.000Z', 'tasks=12 retry_at=2026-11-21T16:00:12.000Z'],
  receipt_replayed: ['task=7c1e2a'],
  receipt_rejected: ['task=7c1e2a status=422 code=IICP-E027'],
  receipt_refused_by_ledger: ['task=7c1e2a UNIQUE constraint failed: receipts.task_id'],
  usage_claim_bounded: [
    'kind=bounded server=9000000000000000 claimed=1190',
    'kind=unreadable server=none claimed=30',
    'kind=unreadable server=15 claimed=15',
  ],
  reachability: [
    'method=upnp endpoint=http://203.0.113.7:9484',
    'method=quick_tunnel endpoint=https://tall-river-1234.trycloudflare.com',
    'method=relay endpoint=https://relay.example/w/abc',
    'none',
  ],
  reachability_failed: ['Error: listen EADDRINUSE: address already in use 0.0.0.0:9484'],
  node_check: ['outcome=ok method=upnp', 'outcome=partial method=ipv6', 'outcome=failed method=none'],
  directory_probe: [
    'outcome=reachable',
    'outcome=unreachable error=connection_refused',
    'outcome=not_possible',
    'outcome=not_offered',
    'outcome=unavailable error=rate_limited',
  ],
  nat_mapped: [
    'protocol=upnp external=203.0.113.7:9484 internal=9484 lease=3600',
    'protocol=natpmp external=203.0.113.7:40001 internal=9484 lease=7200',
  ],
  nat_address_changed: ['external=198.51.100.4:9484'],
  nat_mapping_lost: ['3 renewals failed in a row (last: the router did not answer (ETIMEDOUT))'],
  nat_renew_failed: ['the router did not answer', 'connect EHOSTUNREACH 192.168.1.1:5000', ''],
  nat_mapping_restored: ['external=203.0.113.7:9484'],
  nat_unmapped: ['protocol=upnp', 'protocol=natpmp'],
  port_mapping_helper_off: [
    "failures=3 off_ms=1800000 UPnP: asking for the external address failed: the router's answer was larger than 262144 bytes",
    'failures=3 off_ms=60000',
  ],
  pinhole_helper_off: [
    "failures=3 off_ms=1800000 Could not open an IPv6 pinhole: AddPinhole: the router's answer could not be read: reading the device's XML took longer than 1000 ms",
    'failures=3 off_ms=60000',
  ],
  quick_tunnel_starting: ['port 9484, attempt 1', 'port 9484, attempt 3'],
  quick_tunnel_up: ['https://tall-river-1234.trycloudflare.com'],
  quick_tunnel_rate_limited: ['cool-down until 2026-11-21T16:00:00.000Z'],
  quick_tunnel_health_failed: [
    'no answer within 5 s (1 in a row)',
    'Cloudflare answered that the tunnel has no connection to this computer (HTTP 530) (2 in a row)',
    'the request failed (UND_ERR_SOCKET) (1 in a row)',
  ],
  quick_tunnel_down: ['cloudflared stopped unexpectedly', 'no answer within 5 s'],
  quick_tunnel_failed: [
    'cloudflared did not print a tunnel URL within 30 s. Last cloudflared output: 2026-11-21T15:00:00Z ERR failed to request quick Tunnel: 429 Too Many Requests',
  ],
  quick_tunnel_dead: ['3 failed attempts; next try in 2 min', '3 failed attempts; next try in 30 s'],
  quick_tunnel_off: [
    'off_ms=1800000 cloudflared printed far more than a tunnel needs (over 4 MiB before its address).',
    'off_ms=1800000 cloudflared printed far more than a tunnel needs (over 1 MiB in a minute).',
    'off_ms=60000',
  ],
  quick_tunnel_waiting: ['spacing, 20 s', 'cooldown, 10 min', 'lease, 5 s'],
  quick_tunnel_stopped: ['ended 1 cloudflared process(es)', 'nothing running'],
  tunnel_not_ours: [
    'source=ngrok something answered there, but not this node',
    'source=tailscale no answer within 8 s',
    'source=ngrok place=this_computer',
    'source=tailscale place=private',
  ],
  relay_bound: ['relay=5b0c1d2e… host=relay.example.org'],
  relay_bind_failed: [
    'relay=5b0c1d2e… status=409 code=worker_taken',
    'relay=5b0c1d2e… nothing answered at that address',
    'relay=5b0c1d2e… place=this_computer its address points back at this computer',
  ],
  relay_lost: ['the relay ended the session', 'the relay stopped answering (the connection was dropped)'],
  relay_plaintext_refused: ['call=abc123def456'],
  gateway_listening: ['port=9483', 'port=41234'],
  gateway_stopped: [''],
  gateway_listen_failed: ['port=9483 code=EADDRINUSE', 'port=9483 code=EACCES', 'port=9483 code=unknown'],
  gateway_start_failed: ['listen EADDRINUSE: address already in use 127.0.0.1:9483'],
  gateway_key_made: ['id=6d2f6a1e-4a39-4c47-9a43-2b1f0e9f3c11'],
  gateway_key_revoked: ['id=6d2f6a1e-4a39-4c47-9a43-2b1f0e9f3c11'],
  gateway_key_limits: ['id=6d2f6a1e-4a39-4c47-9a43-2b1f0e9f3c11 daily=2.5 rpm=30'],
  gateway_book_failed: ['SQLITE_FULL: database or disk is full'],
  relay_result_failed: ['call=abc123def456 status=502', 'call=abc123def456 no answer in time'],
  fleet_machine_down: [
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00',
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00 name="Ana laptop"',
  ],
  fleet_machine_back: [
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00',
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00 name="Ana laptop"',
  ],
  fleet_machine_met: [
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00',
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00 name="Ana laptop"',
  ],
  fleet_machine_forgotten: [
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00',
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00 name="Ana laptop"',
  ],
  fleet_machine_added: [
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00',
    'node=3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00 name="Ana laptop"',
  ],
  fleet_machines_taken_in: ['taken=3 left=0', 'taken=30 left=2', 'taken=0 left=1'],
  fleet_look_failed: ['connect ECONNREFUSED 127.0.0.1:9', 'database is locked'],
  fleet_save_failed: ['The list of your machines could not be saved: EACCES: permission denied', 'database is locked'],
  fleet_webhook_failed: [
    'status=500 attempt=1/6 retry_in_ms=2000',
    'error=network code=ECONNREFUSED attempt=2/6 retry_in_ms=4000',
  ],
  fleet_webhook_gave_up: ['status=500 attempts=6', 'error=timeout attempts=6'],
  fleet_webhook_dropped: ['dropped=30 max_queue=20'],
};

/** What a person must never be shown outside "Details"; written here, not shared with the code under test. */
const JARGON: [string, RegExp][] = [
  ['a snake_case name', /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/i],
  ['an error code', /\b(?:E[A-Z]{3,}|UND_ERR_[A-Z_]+|SQLITE_[A-Z_]+|IICP-E\d+)\b/],
  ['an address with a port', /\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[a-z][\w.-]*\.[a-z]{2,}:\d+|localhost:\d+|\[[0-9a-f:]+\]/i],
  ['a URL or route', /[a-z]+:\/\/|(?:^|[\s(])\/[\w.-]+\/|\/v1\//i],
  ['a key=value pair', /\b\w+=\S/],
];

function expectPlain(sentence: string, context: string): void {
  expect(sentence.trim(), context).not.toBe('');
  expect(sentence, context).toMatch(/^[A-Z]/);
  expect(sentence, context).toMatch(/[.!?]$/);
  for (const [what, re] of JARGON) expect(re.exec(sentence)?.[0], `${context} contains ${what}`).toBeUndefined();
}

describe('a. every engine event has a sentence for people', () => {
  it('covers every catalogued name, each with a label for the filter', () => {
    expect(ENGINE_EVENT_NAMES.length).toBe(new Set(ENGINE_EVENT_NAMES).size);
    for (const name of ENGINE_EVENT_NAMES) {
      expect(isEngineEventName(name)).toBe(true);
      const label = eventLabel(name);
      expect(label, name).not.toBe(name);
      for (const [what, re] of JARGON) expect(re.exec(label)?.[0], `${name}'s label contains ${what}`).toBeUndefined();
    }
    // The filter lists kinds by label: two kinds must not read the same.
    expect(new Set(ENGINE_EVENT_NAMES.map(eventLabel)).size).toBe(ENGINE_EVENT_NAMES.length);
  });

  it.each(ENGINE_EVENT_NAMES.map((name) => [name]))(
    '%s reads as plain words with every shape of details it is logged with',
    (name) => {
      const samples = SAMPLES[name];
      expect(samples.length, `sample details for ${name}`).toBeGreaterThan(0);
      for (const details of samples) {
        for (const level of ['info', 'warn', 'error'] as EventLevel[]) {
          const words = eventWords({ event: name, level, details });
          expectPlain(words.sentence, `${name} (${level}) "${details}" → "${words.sentence}"`);
          // Its own sentence, not the general one for names this version does not know.
          expect(words.sentence, `${name} "${details}"`).not.toMatch(
            new RegExp(
              `^${eventLabel(name)}(?:; the details say more|: something needs attention|: something went wrong)\\.$`,
            ),
          );
        }
      }
    },
  );

  it('says what the directory meant, not what it answered', () => {
    const say = (event: EngineEventName, details: string, level: EventLevel = 'warn') =>
      eventWords({ event, level, details }).sentence;
    expect(say('heartbeat_fail', 'status=401 code=unauthorized → re-register')).toBe(
      "The IICP directory no longer knew this node's token, so it signed in again.",
    );
    expect(say('earnings_sync_failed', 'balance: status=503 code=http_503')).toBe(
      'Could not fetch your earnings from the directory; it tries again in a few minutes.',
    );
    expect(
      say('heartbeat_fail', 'directory request POST /v1/heartbeat connect ECONNREFUSED 127.0.0.1:38200'),
    ).toContain('nothing answered at that address');
    expect(say('register_fail', 'directory request POST /v1/register getaddrinfo ENOTFOUND iicp.example')).toContain(
      'the name could not be found',
    );
    expect(say('register_fail', 'status=429 code=IICP-E034 retry_after_ms=60000')).toContain('in about a minute');
    expect(
      say('register_fail', 'status=422 code=validation_error fields: endpoint: IICP-E036: endpoint unreachable'),
    ).toMatch(/could not reach this node from the internet/);
    expect(say('settings_changed', 'fields=maxConcurrent,backendUrl', 'info')).toBe(
      'Settings changed: tasks at once, local LLM server.',
    );
    expect(say('schedule_invalid', 'unknown time zone Mars/Olympus_Mons; using America/Los_Angeles')).toContain(
      'America/Los Angeles',
    );
  });

  it('uses a problem message as it is when a person can read it, and its own words when not', () => {
    expect(
      eventWords({ event: 'problem', level: 'warn', details: 'backend: The local LLM server is not responding.' })
        .sentence,
    ).toBe('The local LLM server is not responding.');
    const store = eventWords({
      event: 'problem',
      level: 'warn',
      details: 'store: The task ledger cannot be written (SQLITE_FULL: database or disk is full): kept in memory.',
    });
    expect(store.sentence).toBe(
      'The task ledger cannot be written (the disk is full); served tasks are kept in memory until it can.',
    );
  });

  it('gives each kind a tone: good news, something to know, or something wrong', () => {
    expect(eventWords({ event: 'register_ok', level: 'info', details: 'models=2' }).tone).toBe('good');
    expect(eventWords({ event: 'settings_changed', level: 'info', details: 'fields=theme' }).tone).toBe('neutral');
    expect(eventWords({ event: 'heartbeat_fail', level: 'warn', details: 'status=502 code=http_502' }).tone).toBe(
      'bad',
    );
  });
});

describe('b. the sources log no event the catalogue does not know', () => {
  let scan: EventNameScan;
  // One TypeScript program over the engine's sources: a few seconds, more on a busy machine.
  beforeAll(() => {
    scan = scanLoggedEventNames(process.cwd(), ['src-main', 'src-preload', 'src-shared']);
  }, 60_000);

  it('finds the log calls (the scan would otherwise pass by finding nothing)', () => {
    expect(scan.names.size).toBeGreaterThanOrEqual(61);
    // Names that reach the log only through a variable, a choice, or a helper that passes the event on.
    for (const name of [
      'register_ok',
      'reregister_fail',
      'token_refused',
      'availability_off',
      'node_check',
      'heartbeat_fail',
    ])
      expect(scan.names.has(name), name).toBe(true);
  });

  it('finds every logged name in the catalogue, and every catalogued name still logged', () => {
    const unknown = [...scan.names]
      .filter(([name]) => !isEngineEventName(name))
      .map(([name, at]) => `${name} (${at.join(', ')})`);
    expect(unknown).toEqual([]);
    const unused = ENGINE_EVENT_NAMES.filter((name) => !scan.names.has(name));
    expect(unused).toEqual([]);
  });

  it('finds no event name computed at run time', () => {
    expect(scan.computed).toEqual([]);
  });

  it('sees through untyped helpers, and reports a name built at run time or relayed unchecked', () => {
    const fixture = scanLoggedEventNames(process.cwd(), ['tests/unit/words/fixtures']);
    expect([...fixture.names.keys()].sort()).toEqual([
      'chosen_no',
      'chosen_yes',
      'plain_literal',
      'via_const_many',
      'via_const_one',
    ]);
    expect(fixture.computed).toEqual([
      expect.stringMatching(/untyped-logger\.ts:\d+: `built_\$\{n\}`$/),
      expect.stringMatching(/untyped-logger\.ts:\d+: line\.event$/),
    ]);
  }, 60_000);
});

describe('c. rows from older versions and odd input', () => {
  it.each([
    [
      'a retired name',
      { event: 'receipt_not_saved', level: 'error', details: 'SQLITE_FULL: database or disk is full' },
      'A credit claim could not be saved on this computer (the disk is full).',
    ],
    ['an unknown name', { event: 'some_future_event', level: 'info', details: 'x=1' }, 'Some future event.'],
    [
      'an unknown warning',
      { event: 'tunnelCheck_failed', level: 'warn', details: '' },
      'Tunnel check failed: something needs attention.',
    ],
    ['an empty name', { event: '', level: 'error', details: '' }, 'Event: something went wrong.'],
  ] as const)('%s reads as a sentence', (_what, e, sentence) => {
    expect(eventWords(e).sentence).toBe(sentence);
  });

  it('never throws, whatever the row holds', () => {
    const odd = [
      { event: 'availability_off', level: 'info', details: 'cause=manual until=not-a-date' },
      { event: 'receipt_hourly_cap', level: 'info', details: 'retry_at=' },
      { event: 'node_check', level: 'warn', details: '%%%' },
      { event: 'heartbeat_fail', level: 'warn', details: null },
      { event: 'toString', level: 'info', details: '' },
      { event: '__proto__', level: 'info', details: '' },
    ] as unknown as Parameters<typeof eventWords>[0][];
    for (const e of odd) expectPlain(eventWords(e).sentence, JSON.stringify(e));
  });
});

describe('d. a machine by its one name', () => {
  const ID = '3f2a9c1e-8d4b-4f6a-9e2d-1c5b7a8e9f00';
  const said = (event: EngineEventName, details: string) => eventWords({ event, level: 'info', details }).sentence;

  it('names the machine quoted, as the log line gives it, and keeps the short id only without a name', () => {
    expect(said('fleet_machine_down', `node=${ID} name="Ana laptop" downs=2 span_ms=1 up_ms=1`)).toBe(
      'One of your machines (“Ana laptop”) stopped answering inside its availability window.',
    );
    expect(said('fleet_machine_met', `node=${ID} name=${JSON.stringify('Ana "big" laptop')}`)).toContain(
      '(“Ana "big" laptop”)',
    );
    expect(said('fleet_machine_added', `node=${ID}`)).toContain('(node 3f2a9c1e)');
  });

  it('shows a name only as cleaned data, and falls back to the id when it would read as code or is no name', () => {
    expect(said('fleet_machine_back', `node=${ID} name=${JSON.stringify('\u202eAna\u0007 pc')}`)).toBe(
      'One of your machines (“Ana pc”) answers again.',
    );
    for (const odd of ['"ana_pc"', '"http://evil.example/x"', '"\u200b"', '"unterminated', '42', '"bad \\x escape"']) {
      expect(said('fleet_machine_forgotten', `node=${ID} name=${odd}`), odd).toContain('(node 3f2a9c1e)');
    }
  });
});

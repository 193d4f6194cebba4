/**
 * The diagnostics redaction: what a bundle or a saved log may not carry out of the computer (secrets, keys,
 * tokens, e-mail addresses, IP addresses, home paths) is masked, and what explains a problem stays readable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ipKind, isSecretName, redactUrl, Redactor } from '@engine/diagnostics/redact';

const plain = new Redactor();

describe('IP addresses', () => {
  it.each([
    ['127.0.0.1', 'ipv4:loopback'],
    ['10.1.2.3', 'ipv4:private'],
    ['172.16.0.9', 'ipv4:private'],
    ['172.31.255.255', 'ipv4:private'],
    ['192.168.178.20', 'ipv4:private'],
    ['100.64.0.1', 'ipv4:cgnat'],
    ['169.254.10.1', 'ipv4:link-local'],
    ['0.0.0.0', 'ipv4:unspecified'],
    ['203.0.113.7', 'ipv4:reserved'],
    ['8.8.8.8', 'ipv4:public'],
    ['172.32.0.1', 'ipv4:public'],
    ['::1', 'ipv6:loopback'],
    ['::', 'ipv6:unspecified'],
    ['fe80::1', 'ipv6:link-local'],
    ['fd12:3456:789a::1', 'ipv6:unique-local'],
    ['::ffff:192.168.1.1', 'ipv6:mapped-private'],
    ['2001:db8::1', 'ipv6:reserved'],
    ['2a00:1450:4001:81b::200e', 'ipv6:global'],
  ])('%s is masked as <%s>', (ip, kind) => {
    expect(ipKind(ip)).toBe(kind);
    const out = plain.text(`from ${ip} to x`);
    expect(out).toBe(`from <${kind}> to x`);
  });

  it('masks addresses in URLs, with ports, zones and brackets, and at the end of a sentence', () => {
    expect(plain.text('endpoint=http://192.168.1.23:9484/v1 and http://[2a00:1450:4001:81b::200e]:9484')).toBe(
      'endpoint=http://<ipv4:private>:9484/v1 and http://[<ipv6:global>]:9484',
    );
    expect(plain.text('link fe80::1c2a:3bff:fe4d:5e6f%eth0 up')).toBe('link <ipv6:link-local> up');
    expect(plain.text('reached 198.51.100.4.')).toBe('reached <ipv4:reserved>.');
    expect(plain.text('full 2001:0db8:0000:0000:0000:ff00:0042:8329 form')).toBe('full <ipv6:reserved> form');
    expect(plain.text('router said 84.132.10.200, mapped 84.132.10.200:9484')).toBe(
      'router said <ipv4:public>, mapped <ipv4:public>:9484',
    );
  });

  it('leaves times, versions and C++-like names alone', () => {
    const text = 'at 2025-03-04T05:06:07.890Z 12:30:45 Chrome 140.0.7339.133 node 22.12.0 std::string 01:02:03:04:05';
    expect(plain.text(text)).toBe(text);
  });

  it("masks MAC addresses by shape, and this computer's own in every spelling", () => {
    expect(plain.text('mac aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF; not aa:bb:cc:dd:ee:ff:00')).toBe(
      'mac <mac>, <mac>; not aa:bb:cc:dd:ee:ff:00',
    );
    const own = new Redactor({ addresses: ['3c:7c:3f:1a:2b:4c', '192.168.178.23', 'fd00::2'] });
    expect(
      own.text('eth0 3c7c3f1a2b4c / 3C7C.3F1A.2B4C, host ip-192-168-178-23.lan, not 192-168-178-230, v6 fd00::2'),
    ).toBe('eth0 <mac> / <mac>, host ip-<ipv4:private>.lan, not 192-168-178-230, v6 <ipv6:unique-local>');
  });
});

describe('home folders', () => {
  it("masks this user's home folder as ~ and others by shape", () => {
    const r = new Redactor({ home: '/home/alice' });
    expect(r.text('data in /home/alice/.config/IICP Provider and /home/alice')).toBe(
      'data in ~/.config/IICP Provider and ~',
    );
    expect(r.text('/home/alicex/file stays a different user')).toBe('<home>/file stays a different user');
    expect(r.text('mac /Users/bob/Library/Application Support, win C:\\Users\\carol\\AppData\\Roaming')).toBe(
      'mac <home>/Library/Application Support, win <home>\\AppData\\Roaming',
    );
    expect(r.text('fedora /var/home/dave/x')).toBe('fedora <home>/x');
  });

  it('a Windows home folder is found with either slash', () => {
    const r = new Redactor({ home: 'C:\\Users\\Erin' });
    expect(r.text('C:\\Users\\Erin\\AppData and C:/Users/Erin/AppData')).toBe('~\\AppData and ~/AppData');
  });

  it('paths outside a home folder stay', () => {
    const text =
      '/usr/lib/x86_64-linux-gnu/libnss3.so /opt/IICP Provider/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(new Redactor({ home: '/home/alice' }).text(text)).toBe(text);
  });
});

describe('secrets by value', () => {
  const token = 'Zx81kQ2mN7pL0aB4cD9eF3gH6iJ5kL8mN1oP2qR3';
  const hmac = randomBytes(32).toString('hex');
  const cxRaw = randomBytes(32);
  const cx = cxRaw.toString('base64url');
  const r = new Redactor({
    secrets: { node_token: token, node_hmac_key: hmac, cx_private_key: cx, backend_api_key: 'sk-lm-short1' },
  });

  it('masks each secret by name, wherever it is', () => {
    expect(r.text(`a${token}b ${hmac} (${cx}) key sk-lm-short1.`)).toBe(
      'a[redacted:node_token]b [redacted:node_hmac_key] ([redacted:cx_private_key]) key [redacted:backend_api_key].',
    );
  });

  it("masks a key's other spellings: base64, hex, upper-case hex", () => {
    const out = r.text(
      [
        cxRaw.toString('base64'),
        cxRaw.toString('hex'),
        cxRaw.toString('hex').toUpperCase(),
        Buffer.from(hmac, 'hex').toString('base64'),
      ].join(' '),
    );
    expect(out).toBe(
      '[redacted:cx_private_key] [redacted:cx_private_key] [redacted:cx_private_key] [redacted:node_hmac_key]',
    );
  });

  it('short values are not secrets worth masking (they would garble words)', () => {
    expect(new Redactor({ secrets: { backend_api_key: 'abc' } }).text('abc abcdef')).toBe('abc abcdef');
  });
});

describe('tokens and keys by shape', () => {
  it('masks hex keys of 32 characters or more', () => {
    expect(
      plain.text(`ui token ${randomBytes(16).toString('hex')} and ${randomBytes(32).toString('hex').toUpperCase()}`),
    ).toBe('ui token [redacted:hex] and [redacted:hex]');
    expect(plain.text('short 0123456789abcdef stays')).toBe('short 0123456789abcdef stays');
  });

  it('masks every random base64url and base64 key of 24 bytes or more, and keeps paths', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(24 + (i % 40));
      expect(plain.text(`k=${bytes.toString('base64url')};`)).toBe('k=[redacted:key];');
      expect(plain.text(`(${bytes.toString('base64')})`)).toBe('([redacted:key])');
    }
    const path =
      'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node x86_64-linux-gnu/libayatana-appindicator3';
    expect(plain.text(path)).toBe(path);
    expect(plain.text('GET /v1/nodes/Xk2lM9pQ0rS1tU2vW3xY4zA5bC6dE7fG8hI9jK0l')).toBe('GET [redacted:key]');
  });

  it("masks the directory's 40-character tokens, JWTs and bearer tokens", () => {
    expect(plain.text('token Xk2lM9pQ0rS1tU2vW3xY4zA5bC6dE7fG8hI9jK0l ok')).toBe('token [redacted:key] ok');
    expect(plain.text('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl end')).toBe('jwt [redacted:jwt] end');
    expect(plain.text('Authorization: Bearer abc.def-12345678')).toBe('Authorization: Bearer [redacted]');
    expect(plain.text('sent Bearer abcdefgh12345678')).toBe('sent Bearer [redacted]');
    expect(plain.text('the token rejected by the directory')).toBe('the token rejected by the directory');
  });

  it('masks values named as secrets, however short', () => {
    expect(plain.text('token=abc123 api_key: "k1" password=hunter2 node_hmac_key=zz, X-Api-Key=v')).toBe(
      'token=[redacted] api_key: "[redacted]" password=[redacted] node_hmac_key=[redacted], X-Api-Key=[redacted]',
    );
    expect(plain.text('{"current_node_token":"abcd","tokens_per_min":100,"max_tokens":5}')).toBe(
      '{"current_node_token":"[redacted]","tokens_per_min":100,"max_tokens":5}',
    );
  });

  it('keeps UUIDs, key ids, intents, event names and short model names readable', () => {
    const id = randomUUID();
    const text = `node=${id} key_id=cx-0123456789abcdef intent=urn:iicp:intent:llm:chat:v1 reachability_changed model=qwen2.5:7b Qwen2.5-7B-Instruct-Q4_K_M.gguf`;
    expect(plain.text(text)).toBe(text);
  });

  it('keeps values it was told are harmless, even when they look like keys', () => {
    const r = new Redactor({ keep: ['DeepSeek-R1-Distill-Qwen-32B-GGUF', 'text-embedding-nomic-embed-text-v1.5'] });
    expect(r.text('models DeepSeek-R1-Distill-Qwen-32B-GGUF:latest, text-embedding-nomic-embed-text-v1.5')).toBe(
      'models DeepSeek-R1-Distill-Qwen-32B-GGUF:latest, text-embedding-nomic-embed-text-v1.5',
    );
    expect(plain.text('DeepSeek-R1-Distill-Qwen-32B-GGUF')).toBe('[redacted:key]');
  });

  it('a kept value that holds a secret is not kept', () => {
    const secret = 'sk-0123456789abcdefXYZ';
    const r = new Redactor({ secrets: { backend_api_key: secret }, keep: [`model-${secret}`] });
    expect(r.text(`model-${secret}`)).toBe('model-[redacted:backend_api_key]');
  });
});

describe('e-mail addresses and URLs', () => {
  it('masks e-mail addresses', () => {
    expect(plain.text('contact ops.team+iicp@mail.example.org, or a@b.io')).toBe(
      'contact [redacted:email], or [redacted:email]',
    );
    expect(plain.text('model qwen@7b stays')).toBe('model qwen@7b stays');
  });

  it("drops a URL's user part, query and fragment, keeping scheme, host, port and path", () => {
    expect(redactUrl('https://bob:pw@directory.example/api/v1?token=1#x')).toBe(
      'https://[redacted]@directory.example/api/v1?[redacted]#[redacted]',
    );
    expect(redactUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
    expect(plain.text('backend http://me:secret@192.168.1.5:1234/v1?key=abc failed')).toBe(
      'backend http://[redacted]@<ipv4:private>:1234/v1?[redacted] failed',
    );
  });
});

describe('values', () => {
  it('masks every string of a nested value, and whole values under secret names', () => {
    const r = new Redactor({ home: '/home/alice' });
    const out = r.value({
      dataDir: '/home/alice/.config/IICP Provider',
      apiKey: 'x',
      nested: [{ node_token: 'y', backendUrl: 'http://10.0.0.5:11434', count: 3, ok: true, none: null }],
      'from 10.0.0.5': 1,
    });
    expect(out).toEqual({
      dataDir: '~/.config/IICP Provider',
      apiKey: '[redacted]',
      nested: [{ node_token: '[redacted]', backendUrl: 'http://<ipv4:private>:11434', count: 3, ok: true, none: null }],
      'from <ipv4:private>': 1,
    });
  });

  it('names that hold secrets', () => {
    for (const k of [
      'node_token',
      'nodeToken',
      'apiKey',
      'api_key',
      'backend_api_key',
      'Authorization',
      'password',
      'node_hmac_key',
      'privateKey',
    ])
      expect(isSecretName(k), k).toBe(true);
    for (const k of ['maxTokens', 'tokensPerMin', 'tokens', 'keyId', 'key_id', 'monkey'])
      expect(isSecretName(k), k).toBe(false);
  });

  it('is idempotent: masking masked text changes nothing', () => {
    const r = new Redactor({
      home: '/home/alice',
      secrets: { node_token: 'Zx81kQ2mN7pL0aB4cD9eF3gH6iJ5kL8mN1oP2qR3' },
    });
    const once = r.text('token=Zx81kQ2mN7pL0aB4cD9eF3gH6iJ5kL8mN1oP2qR3 at 10.0.0.1 in /home/alice/x mail a@b.io');
    expect(r.text(once)).toBe(once);
  });
});

describe('private names', () => {
  const r = new Redactor({
    home: '/home/alice',
    names: {
      programs: [
        'steam',
        'code',
        'Cyberpunk2077.exe',
        'DaVinci Resolve',
        'A Very Long Program Name That Menus Cut Short',
      ],
      user: 'alice',
      host: 'alice-desktop.fritz.box',
    },
    fields: { 'settings.ownerFirst.programs': 'program', 'availability.owner.trigger.name': 'program' },
  });

  it('masks a program wherever it is the program: quoted, cut short, as a path segment, in event details', () => {
    expect(r.text('Paused while “code” runs — back 2 min after it closes.')).toBe(
      'Paused while “[redacted:program]” runs — back 2 min after it closes.',
    );
    expect(r.text('Paused while you use the GPU (“Cyberpunk2077.exe”)')).toBe(
      'Paused while you use the GPU (“[redacted:program]”)',
    );
    expect(r.text('while “A Very Long Program…” runs')).toBe('while “[redacted:program]” runs');
    expect(r.text('trigger=picked_program program=DaVinci%20Resolve')).toBe(
      'trigger=picked_program program=[redacted:program]',
    );
    expect(r.text('/usr/bin/code, C:\\Program Files\\Steam\\steam.exe, /Applications/Code.app/Contents')).toBe(
      '/usr/bin/[redacted:program], C:\\Program Files\\[redacted:program]\\[redacted:program], /Applications/[redacted:program]/Contents',
    );
  });

  it('masks long names as whole words anywhere, case-insensitive; short ones stay ordinary words', () => {
    expect(r.text('cyberpunk2077 crashed; davinci resolve and Cyberpunk2077.exe too')).toBe(
      '[redacted:program] crashed; [redacted:program] and [redacted:program] too',
    );
    // "code" and "steam" are words too: outside quotes, paths and name fields they are left, as is a longer word.
    expect(r.text('exit code 1, steam rising, steamwebhelper, DaVinci Resolves')).toBe(
      'exit code 1, steam rising, steamwebhelper, DaVinci Resolves',
    );
  });

  it("masks the user's and the computer's names, in sentences, URLs and paths", () => {
    expect(
      r.text(
        'Alice runs the node on alice-desktop (http://alice-desktop.local:11434), ALICE-DESKTOP.fritz.box, /mnt/alice/models, /home/alice/x',
      ),
    ).toBe(
      '[redacted:user] runs the node on [redacted:host] (http://[redacted:host].local:11434), [redacted:host], /mnt/[redacted:user]/models, ~/x',
    );
    expect(r.text('malice and alicea stay')).toBe('malice and alicea stay');
  });

  it('masks the fields that hold names whole, however short, and names in keys', () => {
    const out = r.value({
      settings: { ownerFirst: { programs: ['code', 'vi', 'steam'] } },
      availability: { owner: { trigger: { kind: 'picked_program', name: 'vi' } } },
      'Cyberpunk2077.exe': 1,
      other: 'vi',
    });
    expect(out).toEqual({
      settings: { ownerFirst: { programs: ['[redacted:program]', '[redacted:program]', '[redacted:program]'] } },
      availability: { owner: { trigger: { kind: 'picked_program', name: '[redacted:program]' } } },
      '[redacted:program]': 1,
      other: 'vi',
    });
  });

  it('a kept value that holds a private name is not kept', () => {
    const k = new Redactor({ keep: ['alice-desktop-llama-13b'], names: { host: 'alice-desktop' } });
    expect(k.text('model alice-desktop-llama-13b')).toBe('model [redacted:host]-llama-13b');
  });

  it('names with pattern characters, emoji or other scripts are masked as written', () => {
    const odd = new Redactor({ names: { programs: ['C++ Builder (x64)', '🎮 Game*', 'Блендер'] } });
    expect(odd.text('ran C++ Builder (x64) then “🎮 Game*”, then блендер and Блендерами')).toBe(
      'ran [redacted:program] then “[redacted:program]”, then [redacted:program] and Блендерами',
    );
  });

  it('generic host names are not masked', () => {
    expect(new Redactor({ names: { host: 'localhost' } }).text('http://localhost:11434')).toBe(
      'http://localhost:11434',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { sanitizeText, sanitizeUpstreamMessage } from '@engine/backends/sanitize';

describe('a backend message handed to a consumer names nothing of this machine', () => {
  it.each([
    ['failed to open /home/alice/models/tiny-q4.gguf: no such file', 'failed to open <path> no such file'],
    ['model C:\\Users\\Alice\\models\\x.gguf not found', 'model <path> not found'],
    ['upstream 192.168.1.20:11434 refused', 'upstream <address> refused'],
    ['connect [fe80::1ff:fe23:4567:890a%eth0]:8080 failed', 'connect <address> failed'],
    ['peer fd12:3456:789a:1::1 reset the connection', 'peer <address> reset the connection'],
    ['bound to 2001:db8:85a3:0:0:8a2e:370:7334 only', 'bound to <address> only'],
    ['listening on ::1', 'listening on <address>'],
  ])('%s', (text, safe) => {
    expect(sanitizeText(text)).toBe(safe);
  });

  it.each([
    'std::runtime_error: the request exceeds the available context size',
    'model qwen2.5:7b does not support chat',
    'Pooling type none is not OAI compatible',
  ])('keeps what is not an address or a path: %s', (text) => {
    expect(sanitizeText(text)).toBe(text);
  });

  it("unwraps the servers' error shapes and redacts secrets and credentials", () => {
    const body = Buffer.from(
      JSON.stringify({
        error: {
          code: 400,
          message: 'bad key sk-123 for http://bob:pw@10.0.0.5:8000/v1',
          type: 'invalid_request_error',
        },
      }),
    );
    const safe = sanitizeUpstreamMessage(body, ['sk-123']);
    expect(safe.startsWith('bad key [redacted] for http:')).toBe(true);
    for (const leak of ['sk-123', 'bob', 'pw', '10.0.0.5']) expect(safe).not.toContain(leak);
  });
});

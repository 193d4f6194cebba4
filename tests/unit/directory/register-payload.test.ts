/**
 * The REGISTER body's native transport: `transport_endpoint` exactly as the node found it while the native path
 * reaches the task port, and no such key at all otherwise (the production directory then clears what an earlier
 * registration stored). Mirrors src-main/engine/directory/register-payload.ts.
 */
import { describe, expect, it } from 'vitest';
import { cxPublicKeyAdvert, generateCxKeyPair } from '@engine/cx';
import { buildRegisterPayload, type RegisterInput } from '@engine/directory/register-payload';

const input: RegisterInput = {
  nodeId: 'node-1',
  endpoint: 'http://203.0.113.7:9484/',
  region: 'eu-test',
  capabilities: [
    { intent: 'urn:iicp:intent:llm:chat:v1', models: ['qwen2.5:7b'], max_tokens: 4096, input_modalities: ['text'] },
  ],
  maxConcurrent: 2,
  tokensPerMin: 10_000,
  transportMethod: 'direct',
  exposureMode: 'ipv4_public_direct',
  cxPublicKey: cxPublicKeyAdvert(generateCxKeyPair()),
  backend: 'ollama',
  appVersion: '1.2.3',
  hmacKey: 'a'.repeat(64),
  currentToken: null,
};

describe('the native transport in REGISTER', () => {
  it('is sent as given while the node offers it, and left out (not sent as null) when there is none', () => {
    const body = buildRegisterPayload({ ...input, transportEndpoint: 'iicp://203.0.113.7:9484' });
    expect(body.transport_endpoint).toBe('iicp://203.0.113.7:9484');
    expect(body.endpoint).toBe('http://203.0.113.7:9484');
    expect(buildRegisterPayload(input)).not.toHaveProperty('transport_endpoint');
  });

  it('an IPv6 one keeps its brackets', () => {
    const body = buildRegisterPayload({
      ...input,
      endpoint: 'http://[2001:db8::7]:9484',
      transportEndpoint: 'iicp://[2001:db8::7]:9484',
    });
    expect(body.transport_endpoint).toBe('iicp://[2001:db8::7]:9484');
  });
});

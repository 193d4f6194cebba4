/**
 * The gateway's errors in each API's own shape, so each SDK reads them as its provider's errors.
 */
import { describe, expect, it } from 'vitest';
import { errorBody, refusalBody } from '@engine/gateway/api-shapes/errors';

describe('errorBody', () => {
  it('words OpenAI errors with the type for the status and the stable code', () => {
    expect(errorBody('openai', 401, 'invalid_api_key', 'No valid app key.')).toEqual({
      error: { message: 'No valid app key.', type: 'authentication_error', param: null, code: 'invalid_api_key' },
    });
    expect(errorBody('openai', 429, 'insufficient_quota', 'Budget spent.')).toMatchObject({
      error: { type: 'insufficient_quota', code: 'insufficient_quota' },
    });
    expect(errorBody('openai', 400, 'invalid_request', 'x')).toMatchObject({
      error: { type: 'invalid_request_error' },
    });
    expect(errorBody('openai', 404, 'model_not_found', 'x')).toMatchObject({
      error: { type: 'invalid_request_error' },
    });
    expect(errorBody('openai', 403, 'origin_not_allowed', 'x')).toMatchObject({ error: { type: 'permission_error' } });
    for (const status of [502, 503, 504])
      expect(errorBody('openai', status, 'all_nodes_failed', 'x')).toMatchObject({ error: { type: 'server_error' } });
  });

  it('words Ollama errors as one string', () => {
    expect(errorBody('ollama', 404, 'model_not_found', 'No node offers "x".')).toEqual({
      error: 'No node offers "x".',
    });
  });

  it('words Anthropic errors with its types', () => {
    expect(errorBody('anthropic', 401, 'invalid_api_key', 'No key.')).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'No key.' },
    });
    const types = [400, 403, 404, 413, 429, 500, 502, 503, 504].map(
      (s) => (errorBody('anthropic', s, 'c', 'm').error as { type: string }).type,
    );
    expect(types).toEqual([
      'invalid_request_error',
      'permission_error',
      'not_found_error',
      'request_too_large',
      'rate_limit_error',
      'api_error',
      'api_error',
      'overloaded_error',
      'timeout_error',
    ]);
    expect(errorBody('anthropic', 429, 'insufficient_quota', 'm')).toMatchObject({ error: { type: 'billing_error' } });
  });

  it('words a shape refusal', () => {
    expect(
      refusalBody('openai', { ok: false, status: 400, code: 'invalid_request', message: 'model is required.' }),
    ).toEqual({
      error: { message: 'model is required.', type: 'invalid_request_error', param: null, code: 'invalid_request' },
    });
  });
});

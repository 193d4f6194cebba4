import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { askFromResponses } from '@engine/gateway/api-shapes';
import type { GatewayAsk, ShapeResult } from '@engine/gateway/api-shapes/types';

const ok = (r: ShapeResult): GatewayAsk => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.ask;
};
const refusal = (r: ShapeResult) => {
  if (r.ok) throw new Error('accepted');
  return r;
};
const TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather',
  parameters: { type: 'object' },
  strict: true,
};

describe('a /v1/responses body read into the chat ask', () => {
  it('a text input with instructions: the system message, then the user’s; the sampling settings carried', () => {
    const a = ok(
      askFromResponses({
        model: 'm1',
        instructions: 'Be brief.',
        input: 'hi',
        max_output_tokens: 50,
        temperature: 0.2,
        top_p: 0.9,
        stream: true,
      }),
    );
    expect(a).toMatchObject({
      api: 'openai',
      endpoint: 'chat',
      route: 'openai.responses',
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'm1',
      maxTokens: 50,
      stream: true,
    });
    expect(a.payload).toEqual({
      model: 'm1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
    });
    expect(a.needs).toEqual({ tools: false, fim: false, contextTokens: null });
  });

  it('input items: developer is system, parts become text or image parts, calls join one assistant turn, outputs are tool messages', () => {
    const a = ok(
      askFromResponses({
        model: 'm1',
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Rules.' }] },
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Look: ' },
              { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
            ],
          },
          { type: 'reasoning', id: 'rs_1', summary: [] },
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Checking.', annotations: [] }],
          },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
          { type: 'function_call', call_id: 'c2', name: 'g', arguments: '{"a":1}' },
          { type: 'function_call_output', call_id: 'c1', output: 'one' },
          { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'two' }] },
        ],
      }),
    );
    expect(a.payload.messages).toEqual([
      { role: 'system', content: 'Rules.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look: ' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'g', arguments: '{"a":1}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
    ]);
  });

  it('function tools in chat’s shape, the tool choice, one call only when parallel calls are off, and tools needed of the model', () => {
    const a = ok(
      askFromResponses({
        model: 'm1',
        input: 'hi',
        tools: [TOOL],
        tool_choice: { type: 'function', name: 'get_weather' },
        parallel_tool_calls: false,
      }),
    );
    expect(a.payload.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true },
      },
    ]);
    expect(a.payload.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(a.reply.oneToolCall).toBe(true);
    expect(a.needs?.tools).toBe(true);
  });

  it('text.format becomes the response format', () => {
    const schema = { type: 'object', properties: {} };
    expect(
      ok(
        askFromResponses({
          model: 'm1',
          input: 'x',
          text: { format: { type: 'json_schema', name: 's', schema, strict: true } },
        }),
      ).payload.response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 's', schema, strict: true },
    });
    expect(
      ok(askFromResponses({ model: 'm1', input: 'x', text: { format: { type: 'json_object' } } })).payload
        .response_format,
    ).toEqual({ type: 'json_object' });
  });

  it('what Codex sends beside the conversation is taken without changing what the node is asked', () => {
    const plain = ok(askFromResponses({ model: 'm1', input: 'x' })).payload;
    const codex = ok(
      askFromResponses({
        model: 'm1',
        input: 'x',
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'thread-1',
        service_tier: 'auto',
        client_metadata: { session: 's' },
        metadata: { a: 'b' },
        user: 'u',
        safety_identifier: 'u',
        truncation: 'disabled',
        reasoning: null,
        text: { verbosity: 'medium' },
        stream_options: { include_obfuscation: false },
      }),
    ).payload;
    expect(codex).toEqual(plain);
    expect(ok(askFromResponses({ model: 'm1', input: 'x', store: true })).payload).toEqual(plain);
  });
});

describe('a /v1/responses body refused with a 400 that names the field', () => {
  it.each([
    [{ previous_response_id: 'resp_1' }, 'previous_response_id: the gateway stores no responses'],
    [{ conversation: 'conv_1' }, 'conversation:'],
    [{ background: true }, 'background:'],
    [{ prompt: { id: 'p' } }, 'prompt:'],
    [{ top_logprobs: 3 }, 'top_logprobs:'],
    [{ reasoning: { generate_summary: 'auto' } }, 'reasoning.generate_summary: the network’s nodes take only'],
    [
      { tools: [{ type: 'web_search' }] },
      'tools: only function tools are taken; the network’s nodes cannot run a tool of type web_search.',
    ],
    [{ truncation: 'auto' }, 'truncation:'],
    [{ tool_choice: 'required' }, 'tool_choice: it needs tools'],
    [{ frobnicate: 1 }, 'Unrecognized request argument supplied: frobnicate'],
  ])('%j', (extra, words) => {
    const r = refusal(askFromResponses({ model: 'm1', input: 'hi', ...extra }));
    expect(r).toMatchObject({ status: 400, code: 'unsupported_field' });
    expect(r.message).toContain(words);
  });

  it('a reasoning item handed back with its summary is taken and left out; encrypted thinking is refused', () => {
    const taken = askFromResponses({
      model: 'm1',
      input: [
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thought' }] },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(taken.ok).toBe(true);
    if (taken.ok) expect(JSON.stringify(taken.ask.payload)).not.toContain('thought');
    const r = refusal(
      askFromResponses({
        model: 'm1',
        input: [
          { type: 'reasoning', summary: [], encrypted_content: 'gAAAA' },
          { role: 'user', content: 'hi' },
        ],
      }),
    );
    expect(r.message).toContain('input[0].encrypted_content');
  });

  it('an item the gateway cannot hold (a reference to a stored item) is refused', () => {
    expect(refusal(askFromResponses({ model: 'm1', input: [{ type: 'item_reference', id: 'msg_1' }] })).status).toBe(
      400,
    );
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['no model', { input: 'hi' }],
    ['a number for the model', { model: 7, input: 'hi' }],
    ['a number for the input', { model: 'm1', input: 5 }],
    ['tools not a list', { model: 'm1', input: 'hi', tools: 'x' }],
    ['a function tool without a name', { model: 'm1', input: 'hi', tools: [{ type: 'function' }] }],
    ['negative max_output_tokens', { model: 'm1', input: 'hi', max_output_tokens: -1 }],
    ['a temperature out of range', { model: 'm1', input: 'hi', temperature: 9 }],
    ['a message without content', { model: 'm1', input: [{ role: 'user' }] }],
    ['a call without its id', { model: 'm1', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }],
    ['an empty input list', { model: 'm1', input: [] }],
    ['only reasoning', { model: 'm1', input: [{ type: 'reasoning', summary: [] }] }],
    ['too many items', { model: 'm1', input: Array.from({ length: 5000 }, () => ({ role: 'user', content: 'x' })) }],
    ['an oversized text', { model: 'm1', input: 'x'.repeat(4 * 1024 * 1024 + 1) }],
    ['oversized instructions', { model: 'm1', input: 'x', instructions: 'y'.repeat(4 * 1024 * 1024 + 1) }],
    ['too many tools', { model: 'm1', input: 'x', tools: Array.from({ length: 129 }, () => TOOL) }],
    [
      'a deeply nested body',
      { model: 'm1', input: 'x', metadata: JSON.parse('{"a":'.repeat(100) + '1' + '}'.repeat(100)) as unknown },
    ],
  ])('%s', (_name, body) => {
    const r = refusal(askFromResponses(body));
    expect(r.status).toBe(400);
    expect(typeof r.message).toBe('string');
  });
});

describe('the request Codex CLI 0.171 sends (captured, texts shortened)', () => {
  // Its client_metadata keeps the keys and lengths Codex sent (ids replaced). Codex was run with `web_search =
  // "disabled"` and `[features] multi_agent = false`, as the README tells its users:
  // then every tool it sends is a function.
  const codex = JSON.parse(readFileSync(new URL('./codex-0.171-request.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

  it('is read whole: its reasoning summary, include and cache key take nothing from what the node is asked', () => {
    const ask = ok(askFromResponses(codex));
    expect(ask).toMatchObject({ stream: true, needs: { tools: true } });
    expect((ask.payload.tools as unknown[]).length).toBe((codex.tools as unknown[]).length);
    expect((ask.payload.messages as { role: string }[]).map((m) => m.role)).toEqual([
      'system',
      'system',
      'user',
      'user',
    ]);
  });

  it.each([
    ['web_search', { type: 'web_search', external_web_access: false }],
    ['namespace', { type: 'namespace', name: 'multi_agent_v1', description: 'Sub-agents', tools: [] }],
  ])('with its default %s tool on, it is refused naming the tool type', (type, tool) => {
    const r = refusal(askFromResponses({ ...codex, tools: [...(codex.tools as unknown[]), tool] }));
    expect(r).toMatchObject({ status: 400, code: 'unsupported_field' });
    expect(r.message).toContain(`a tool of type ${type}`);
  });

  it('its reasoning effort is asked of a model that takes an effort', () => {
    const ask = ok(askFromResponses({ ...codex, reasoning: { effort: 'medium', summary: 'auto' } }));
    expect(ask.needs?.thinking).toEqual({ field: 'reasoning.effort', ask: 'medium' });
    expect(ask.payload.think).toBe('medium');
    const off = ok(askFromResponses({ ...codex, reasoning: { effort: 'none' } }));
    expect(off.needs?.thinking).toEqual({ field: 'reasoning.effort', ask: false });
    // OpenAI's own efforts that no local server has are refused by name.
    expect(refusal(askFromResponses({ ...codex, reasoning: { effort: 'minimal' } }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('reasoning.effort must be "none", "low", "medium" or "high"'),
    });
  });
});

describe('names from the app shown back in a refusal', () => {
  it('are cleaned of control and direction characters, as every foreign text is', () => {
    const tool = refusal(askFromResponses({ model: 'm1', input: 'hi', tools: [{ type: 'web\u202esearch\u0007' }] }));
    expect(tool.message).toContain('a tool of type websearch.');
    const field = refusal(askFromResponses({ model: 'm1', input: 'hi', ['odd\u202efield']: 1 }));
    expect(field.message).toBe('Unrecognized request argument supplied: oddfield');
  });
});

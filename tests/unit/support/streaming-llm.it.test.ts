import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../support/cleanup';
import { startStreamingLlm } from '../../support/streaming-llm';

const after = cleanupAfterEach();

/** Reads server-sent events as they come, one `data:` payload at a time. */
async function* events(res: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, at);
      buffered = buffered.slice(at + 2);
      if (event.startsWith('data: ')) yield event.slice(6);
    }
  }
}

function chat(url: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'stream-model-7b', messages: [{ role: 'user', content: 'say hello' }], ...body }),
    signal,
  });
}

describe('the streaming LLM stand-in', () => {
  it('sends the first tokens, holds the rest until release, then the rest, the finish, usage and [DONE]', async () => {
    const llm = after.close(
      await startStreamingLlm({
        first: ['Hel', 'lo'],
        rest: [' wor', 'ld'],
        toolCall: { name: 'f', arguments: ['{"a":', '1}'] },
      }),
    );
    const res = await chat(llm.url, { stream: true, stream_options: { include_usage: true } });
    const it = events(res);
    const seen: unknown[] = [];
    // Role chunk and the two first tokens come while the rest is held.
    for (let i = 0; i < 3; i++) seen.push(JSON.parse((await it.next()).value as string));
    expect(
      seen.map((c) => (c as { choices: [{ delta: { content: string } }] }).choices[0].delta.content).join(''),
    ).toBe('Hello');
    expect(llm.requests).toBe(1);
    expect(llm.held).toBe(1);
    expect(llm.bodies[0]).toMatchObject({ stream: true });
    llm.release();
    const tail: string[] = [];
    for await (const data of { [Symbol.asyncIterator]: () => it }) tail.push(data);
    expect(tail.at(-1)).toBe('[DONE]');
    const chunks = tail.slice(0, -1).map(
      (d) =>
        JSON.parse(d) as {
          choices: { delta?: { content?: string; tool_calls?: unknown[] }; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(
      chunks
        .slice(0, 2)
        .map((c) => c.choices[0]!.delta!.content)
        .join(''),
    ).toBe(' world');
    expect(chunks[2]!.choices[0]!.delta!.tool_calls).toEqual([
      { index: 0, id: expect.any(String) as string, type: 'function', function: { name: 'f', arguments: '' } },
    ]);
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 },
    });
    expect(llm.closedEarly).toBe(0);
  });

  it('counts a caller that goes away before the end as closed early, and holds each later request again', async () => {
    const llm = after.close(await startStreamingLlm({ first: ['a'], rest: ['b'] }));
    const gone = new AbortController();
    const res = await chat(llm.url, { stream: true }, gone.signal);
    await events(res).next();
    gone.abort();
    await llm.waitClosedEarly(1);
    llm.release();
    const again = events(await chat(llm.url, { stream: true }));
    await again.next();
    await again.next();
    await llm.waitForRequest(2);
    expect(llm.held).toBe(1);
    llm.release();
    expect(JSON.parse((await again.next()).value as string)).toMatchObject({ choices: [{ delta: { content: 'b' } }] });
  });

  it('answers stream: false with the whole answer, and looks like the chosen server to detection', async () => {
    const llm = after.close(await startStreamingLlm({ first: ['x'], rest: ['y'], flavour: 'llamacpp' }));
    const body = (await (await chat(llm.url, { stream: false })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(body.choices[0]!.message.content).toBe('xy');
    const models = await fetch(`${llm.url}/v1/models`);
    expect(models.headers.get('server')).toBe('llama.cpp');
    expect((await fetch(`${llm.url}/props`)).status).toBe(200);
  });
});

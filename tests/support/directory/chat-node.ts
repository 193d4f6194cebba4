/** A node registered over HTTP with one chat model, as the tests and benches that post awards need one. */
export interface RegisteredNode {
  node_id: string;
  node_token: string;
  node_hmac_key: string;
}

export async function registerChatNode(directoryUrl: string): Promise<RegisteredNode> {
  const reg = await fetch(`${directoryUrl}/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-central',
      capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['llama3.1:8b'], max_tokens: 8192 }],
      limits: { max_concurrent: 4, tokens_per_min: 10000 },
    }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  return (await reg.json()) as RegisteredNode;
}

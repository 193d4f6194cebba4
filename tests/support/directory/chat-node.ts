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

/**
 * Another provider on the network, registered as a real one would be: its own endpoint port (the directory keeps one
 * node per endpoint), its chat models and its price.
 */
export async function registerOtherNode(
  directoryUrl: string,
  o: { port: number; models: string[]; multiplier: number },
): Promise<RegisteredNode> {
  const reg = await fetch(`${directoryUrl}/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: `http://127.0.0.1:${o.port}`,
      region: 'eu-central',
      capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: o.models, max_tokens: 8192 }],
      limits: { max_concurrent: 4, tokens_per_min: 10000 },
      pricing: { credit_cost_multiplier: o.multiplier, pricing_model: 'per_token' },
    }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  return (await reg.json()) as RegisteredNode;
}

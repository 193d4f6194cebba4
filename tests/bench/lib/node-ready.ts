/**
 * A bench node looks at its backend in the background after it starts; until it advertises a model every task is
 * refused. Waits (bounded) until `/iicp/health` lists one.
 */
export async function untilModelAdvertised(base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${base}/iicp/health`)).json()) as { models?: string[] };
    if (health.models && health.models.length > 0) return;
    if (Date.now() > deadline) throw new Error(`the node never advertised a model: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

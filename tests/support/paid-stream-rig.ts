/**
 * What the stream fault tests begin with: a gateway world (streaming-gateway.ts) and one paid provider P whose LLM
 * server is the streaming stand-in (streaming-llm.ts), sending "Hello there" and holding " and goodbye" until the test
 * releases it. Resolves once the gateway lists P's model.
 */
import type { LedgerRow } from '@shared/contract';
import type { NodeHarness } from './node-harness';
import { startGatewayWorld, type GatewayWorld } from './streaming-gateway';
import { startStreamingLlm, type StreamingLlm } from './streaming-llm';

export const PAID_STREAM_MODEL = 'stream-model-7b';

export interface PaidStreamRig {
  world: GatewayWorld;
  llm: StreamingLlm;
  p: NodeHarness;
  /** P's ledger row for a task, if it has one. */
  ledgerRow(taskId: string): Promise<LedgerRow | undefined>;
  close(): Promise<void>;
}

/** `provider` is what P is started with beyond the world's defaults (its settings, its tuning). */
export async function startPaidStreamRig(
  provider?: Parameters<GatewayWorld['addProvider']>[1],
): Promise<PaidStreamRig> {
  const world = await startGatewayWorld();
  let llm: StreamingLlm | null = null;
  let p: NodeHarness;
  try {
    llm = await startStreamingLlm({ model: PAID_STREAM_MODEL, first: ['Hello', ' there'], rest: [' and', ' goodbye'] });
    p = await world.addProvider(llm.url, provider);
    await world.waitModel(PAID_STREAM_MODEL);
  } catch (err) {
    // A start that failed half way leaves nothing running for the next test file.
    await llm?.close();
    await world.close();
    throw err;
  }
  return {
    world,
    llm,
    p,
    ledgerRow: async (taskId) =>
      (await p.node.commandHandlers().listLedger({ limit: 100 })).find((r) => r.taskId === taskId),
    async close() {
      // The LLM server first: a stream still held there ends, so no node waits out its drain for it.
      await llm.close();
      await world.close();
    },
  };
}

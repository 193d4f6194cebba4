/** The headless bridge's wire format (WebSocket, JSON text frames). */
import { z } from 'zod';
import type { EventName } from './channels';
import type { Result } from './errors';

export const BridgeRequestSchema = z
  .object({
    id: z.number().int().nonnegative(),
    command: z.string().max(64),
    request: z.unknown(),
  })
  .strict();
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export type BridgeMessage =
  | { type: 'hello'; apiVersion: number }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; data: unknown };

import { createHmac, hash as oneShotHash, randomFillSync } from 'node:crypto';

/** JSON with object keys sorted at every level and no whitespace: what a receipt's `response_hash` is taken of. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Loops and string appends rather than filter/map/join: this runs over every answer a receipt is made for.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i > 0 ? ',' : '') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  // Most objects already come with sorted keys; sorting is only paid for when they do not.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

export function responseHash(result: unknown): string {
  return oneShotHash('sha256', canonicalJson(result), 'hex');
}

/**
 * The consumer's `source_node_id` as a receipt may carry it: production validates `querying_node_id` as at most 36
 * characters (a longer one fails the whole award), and PHP's `empty()` drops `""` and `"0"` from the
 * signed message — a receipt signed with them would fail its HMAC check.
 */
export function queryingNodeFor(sourceNodeId: string | null | undefined): string | null {
  return sourceNodeId && sourceNodeId !== '0' && sourceNodeId.length <= 36 ? sourceNodeId : null;
}

/** What a receipt's signature covers. */
interface SignedFields {
  taskId: string;
  tokensUsed: number;
  nonce: string;
  /** The result's `response_hash`. */
  hash: string;
  /** The consumer's node, when the body carries it. */
  querying: string | null;
}

/**
 * The signed message the directory checks: `task:tokens:parent:session:nonce:hash`, parent and session empty,
 * `:querying` only when the body carries it; HMAC-SHA256 keyed with the `node_hmac_key` string as UTF-8.
 */
function receiptSignature(hmacKey: string, { taskId, tokensUsed, nonce, hash, querying }: SignedFields): string {
  const message = `${taskId}:${tokensUsed}:::${nonce}:${hash}${querying ? `:${querying}` : ''}`;
  return createHmac('sha256', keyBytes(hmacKey)).update(message).digest('hex');
}

/** The last HMAC key's bytes: a node signs every receipt with the same key until it re-registers. */
let lastKey: { text: string; bytes: Buffer } | null = null;
function keyBytes(hmacKey: string): Buffer {
  if (lastKey?.text !== hmacKey) lastKey = { text: hmacKey, bytes: Buffer.from(hmacKey, 'utf8') };
  return lastKey.bytes;
}

/** `expires_at` to the second, as RFC 3339 UTC; receipts made within one second share it, made once. */
let lastExpiry: { second: number; text: string } | null = null;
function expiryText(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (lastExpiry?.second !== second)
    lastExpiry = { second, text: new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastExpiry.text;
}

/**
 * The same receipt without its `querying_node_id`, signed again (same nonce, hash and amount): what the node posts
 * once more when the directory does not know the consumer's node (IICP-E027: it refuses the whole award then).
 */
export function withoutQueryingNode(body: Record<string, unknown>, hmacKey: string): Record<string, unknown> {
  const { querying_node_id: _dropped, ...rest } = body;
  const signed = {
    taskId: String(rest.task_id ?? ''),
    tokensUsed: Number(rest.tokens_used),
    nonce: String(rest.nonce ?? ''),
    hash: String(rest.response_hash ?? ''),
    querying: null,
  };
  return { ...rest, signature: receiptSignature(hmacKey, signed) };
}

/**
 * Random 16-byte nonces, hex, cut from a pool that one call to the system's random source fills for many receipts
 * (a call per receipt showed up on the task path). Nonces are public once posted and must only never repeat, so
 * drawing them ahead of time gives nothing away; each byte is handed out once.
 */
export class NoncePool {
  private readonly pool: Buffer;
  private at: number;

  constructor(
    nonces = 256,
    private readonly fill: (buf: Buffer) => void = (buf) => void randomFillSync(buf),
  ) {
    this.pool = Buffer.alloc(16 * Math.max(1, Math.floor(nonces)));
    this.at = this.pool.length;
  }

  next(): string {
    if (this.at >= this.pool.length) {
      this.fill(this.pool);
      this.at = 0;
    }
    const nonce = this.pool.toString('hex', this.at, this.at + 16);
    this.at += 16;
    return nonce;
  }
}

const receiptNonces = new NoncePool();

export interface ReceiptInput {
  nodeId: string;
  taskId: string;
  tokensUsed: number;
  amount: number;
  /** The task's result, hashed here — or its `response_hash`, already computed (the task codec does it). */
  result?: unknown;
  responseHash?: string;
  /** The consumer's `source_node_id`, when it sent one. */
  queryingNodeId?: string | null;
  hmacKey: string;
  now: number;
  ttlMs: number;
  nonce?: string;
}

/**
 * A signed CIPWorkerReceipt for `POST /v1/credits/award`. The body, nonce included, is fixed when the task
 * finishes and stored as is: a retry after a crash re-sends the same receipt, which the directory accepts at
 * most once (single-use nonce), so nothing is ever claimed twice.
 */
export function buildReceipt(i: ReceiptInput): Record<string, unknown> {
  const nonce = i.nonce ?? receiptNonces.next();
  const hash = i.responseHash ?? responseHash(i.result ?? null);
  const querying = queryingNodeFor(i.queryingNodeId);
  const body: Record<string, unknown> = {
    node_id: i.nodeId,
    task_id: i.taskId,
    tokens_used: i.tokensUsed,
    amount: i.amount,
    nonce,
    expires_at: expiryText(i.now + i.ttlMs),
    response_hash: hash,
    signature: receiptSignature(i.hmacKey, { taskId: i.taskId, tokensUsed: i.tokensUsed, nonce, hash, querying }),
    reason: 'task_completion',
  };
  if (querying) body.querying_node_id = querying;
  return body;
}

/** Small helpers shared by the fake backends (see fake-backend.ts). */
import type { IncomingMessage } from 'node:http';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function modelField(body: unknown, key: string): string | null {
  return isObject(body) && typeof body[key] === 'string' ? body[key] : null;
}

export function stringField(body: unknown, key: string): string {
  return modelField(body, key) ?? '';
}

/** A number field as the C++/Go/Python servers read it: a finite number, else absent (null). */
export function numberField(body: unknown, key: string): number | null {
  if (!isObject(body)) return null;
  const v = body[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The fake's tokens: whitespace-separated words. */
export function fakeTokenCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

export function words(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

export function lastUserText(body: unknown): string {
  const messages = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m: unknown = messages[i];
    if (isObject(m) && m.role === 'user') return contentText(m);
  }
  return '';
}

export function contentText(message: unknown): string {
  if (!isObject(message)) return '';
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isObject(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t !== '')
    .join(' ');
}

/** Prompt tokens of a chat request: the words of every message (the fake has no chat template). */
export function chatPromptTokens(body: unknown): number {
  const messages = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
  return messages.reduce<number>((n, m) => n + fakeTokenCount(contentText(m)), 0);
}

export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

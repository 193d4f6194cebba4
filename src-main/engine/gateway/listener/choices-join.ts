/**
 * Several answers to one request joined into one body, as the API writes an answer with several choices; on the codec
 * thread when large.
 */
type Body = { choices?: unknown; usage?: unknown } & Record<string, unknown>;

/**
 * One OpenAI chat or completion body from several, each with one choice: the first's id and model, every choice
 * indexed 0..n-1 in order, the usage's counts summed. Null when a body is not such an answer.
 */
export function joinChoices(bodies: readonly string[]): string | null {
  const parsed: Body[] = [];
  for (const b of bodies) {
    try {
      const v = JSON.parse(b) as unknown;
      if (typeof v !== 'object' || v === null || !Array.isArray((v as Body).choices)) return null;
      parsed.push(v as Body);
    } catch {
      return null;
    }
  }
  if (parsed.length === 0) return null;
  const choices = parsed
    .flatMap((p) => (p.choices as unknown[]).slice(0, 1))
    .map((c, index) => ({ ...(c as Record<string, unknown>), index }));
  const usage: Record<string, number> = {};
  for (const p of parsed) {
    if (typeof p.usage !== 'object' || p.usage === null) continue;
    for (const [k, v] of Object.entries(p.usage))
      if (typeof v === 'number' && Number.isFinite(v)) usage[k] = (usage[k] ?? 0) + v;
  }
  const head = parsed[0]!;
  return JSON.stringify({ ...head, choices, ...(Object.keys(usage).length > 0 ? { usage } : {}) });
}

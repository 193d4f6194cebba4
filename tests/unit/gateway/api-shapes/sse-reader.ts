/**
 * Reads server-sent events back as the spec (WHATWG HTML, "event stream interpretation") says a client does, so the
 * tests check the frames as an app's parser sees them rather than as the code under test wrote them.
 */
export interface ReadEvent {
  event: string;
  data: string;
}

export function readSse(text: string): ReadEvent[] {
  const events: ReadEvent[] = [];
  let event = '';
  let data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length > 0) events.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return events;
}

/** The JSON of every event but OpenAI's closing `[DONE]`. */
export function sseJson(frames: readonly string[]): Record<string, unknown>[] {
  return readSse(frames.join(''))
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

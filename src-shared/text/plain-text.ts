/**
 * Whether a text can be shown to a person as it is: no developer vocabulary — identifiers (`earnings_sync_failed`,
 * `maxConcurrent`), raw error codes (`ECONNREFUSED`, `IICP-E036`, `SQLITE_FULL`), `key=value` pairs, addresses with a
 * port, URLs or URL paths (`/v1/node/…`). Text from elsewhere (a directory's error message, an exception) is used in a
 * sentence only when it passes; otherwise the sentence says it in its own words and the text stays in the details.
 */
const DEVELOPER_VOCABULARY: readonly RegExp[] = [
  /\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b/, // snake_case / SCREAMING_CASE identifiers
  /\b[a-z]+[A-Z][A-Za-z0-9]*\b/, // camelCase identifiers
  /\bE[A-Z]{3,}\b/, // errno codes
  /\bIICP-E\d+\b/i, // protocol error codes
  /\b\w+=\S/, // key=value
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/, // IPv4 addresses
  /\[[0-9a-f:]+\]/i, // bracketed IPv6 addresses
  /\b(?=[\w.-]*[A-Za-z.])[\w.-]+:\d{2,5}\b/, // host:port (a clock time such as 14:05 has no letter or dot before it)
  /\b[a-z][a-z0-9+.-]*:\/\//i, // URLs
  /(?:^|[\s("'])\/[\w.-]+\/[\w.<>-]/, // URL or file paths
  /[{}<>]|→|=>/, // code and placeholders
];

export function isPlainForPeople(text: string): boolean {
  return !DEVELOPER_VOCABULARY.some((re) => re.test(text));
}

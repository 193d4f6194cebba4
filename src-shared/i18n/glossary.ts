/**
 * The product's words in German, each chosen once and used the same on every page (the catalogue test holds every
 * German message to them). German messages address the person as "Sie", as German desktop software does.
 */

/** An English term and the stem its German word always contains, whatever the case ending. */
export const GLOSSARY: readonly { en: string; de: RegExp; note?: string }[] = [
  { en: 'node', de: /Knoten/, note: 'der Knoten; "your node" = "Ihr Knoten"' },
  { en: 'nodes', de: /Knoten/ },
  { en: 'directory', de: /Verzeichnis/, note: 'das IICP-Verzeichnis' },
  { en: 'LLM server', de: /LLM-Server/ },
  { en: 'model', de: /Modell/ },
  { en: 'models', de: /Modell/ },
  { en: 'task', de: /Aufgabe/, note: 'die Aufgabe: work the network hands the node' },
  { en: 'tasks', de: /Aufgabe/ },
  { en: 'credits', de: /Credits/, note: 'die Credits (the network’s unit, not translated)' },
  { en: 'earnings', de: /Einnahmen/ },
  { en: 'gateway', de: /Gateway/, note: 'das Gateway' },
  { en: 'operator', de: /Betreiber/ },
  { en: 'availability', de: /Verfügbarkeit/ },
  { en: 'receipt', de: /Quittung/ },
  { en: 'receipts', de: /Quittung/ },
  { en: 'heartbeat', de: /Lebenszeichen/ },
  { en: 'app key', de: /App-Schlüssel/ },
  { en: 'display name', de: /Anzeigename/ },
  { en: 'spend limit', de: /Ausgabenlimit/ },
  { en: 'wallet', de: /Wallet/, note: 'die Wallet' },
  { en: 'relay', de: /Relay/, note: 'das Relay' },
  { en: 'quick tunnel', de: /Schnelltunnel/, note: 'der Cloudflare-Schnelltunnel' },
];

/**
 * Words the same in both languages (names, units, and words German uses as they are), so a German message that keeps
 * them is not taken for one left in English. Everything else in a German message is German.
 */
export const SAME_IN_GERMAN: readonly string[] = [
  'IICP Provider', 'IICP-CX', 'IICP', 'Ollama', 'LM Studio', 'vLLM', 'llama.cpp', 'llama-server', 'OpenAI',
  'Anthropic', 'NVIDIA', 'AMD', 'GitHub', 'Tailscale Funnel', 'Tailscale', 'ngrok', 'Cloudflare', 'UPnP', 'NAT-PMP',
  'PCP', 'IPv4', 'IPv6', 'HTTPS', 'HTTP', 'JSON', 'CSV', 'URL', 'API', 'GPU', 'CPU', 'VRAM', 'RAM', 'LLM', 'OK',
  'Codex', 'Linux', 'Windows', 'macOS', 'Ed25519', 'UTC', 'kWh', 'EUR', 'USD', 'Claude Code', 'Open WebUI',
  'Dashboard', 'Status', 'Name', 'App', 'Region', 'Port', 'Token', 'Tokens', 'Details', 'Server', 'Gateway', 'Relay',
  'Tunnel', 'Credits', 'Wallet', 'Router', 'Start', 'Modus', 'Version', 'Log', 'Limit', 'Cache', 'Tab', 'Host', 'Updates',
  'Update',
  'ms', 's', 'min', 'h', 'W', 'MB', 'GB', 'MiB', 'GiB', 'p99',
];

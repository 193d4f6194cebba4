/**
 * Answers recorded from the real miniupnpd 2.3.1 (Debian bookworm, nftables backend) of the IPv6 router lab
 * (tests/support/router/igd6-netns.sh): the SSDP search answers, the root description, and SOAP answers as
 * `HTTP <status>\n<body>`. The file names say which request produced which answer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'latin1');
}

/** A recorded SOAP answer: its HTTP status and body. */
export function soapFixture(name: string): { status: number; body: string } {
  const text = fixture(`miniupnpd-2.3.1-${name}.http`);
  const nl = text.indexOf('\n');
  return { status: Number(/^HTTP (\d+)/.exec(text.slice(0, nl))![1]), body: text.slice(nl + 1) };
}

/**
 * Foreign text on the screen: consumers choose the model names a task asks for, and the directory writes receipt
 * rejections, transaction reasons and the evidence "Check my node" reports. An attacker fills them with a phishing
 * sentence, markup, terminal escapes and bidi overrides. A real node receives such tasks and talks to the test
 * directory saying such things; the node's snapshot, requests feed, advice, earnings report, ledger, CSV export and
 * event log must carry only cleaned, capped text, our sentences must never contain it, and the pages must show it
 * quoted (in its own element, never as a link or markup) with no control or bidi character reaching the screen. What a
 * consumer sent is shown on the dashboard as one short line after our words "asked for", never a whole sentence.
 */
import { randomUUID } from 'node:crypto';
import { english } from '@shared/i18n/say';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarningsReport, LedgerRow, NodeSnapshot, RequestRow } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';
import { renderComponent } from '../support/render-markup';
import { isFormulaCell, spreadsheetCells } from './lib/spreadsheet-csv';

const ESC = '\u001b';
/** The sentence an attacker wants the person to read as the app's own advice. */
const PHISH = 'Your node key leaked: re-enter it at https://iicp-support.example/recover now';
/**
 * Every kind of character that steers display: ANSI colours and a screen clear, C1 CSI, bidi overrides and isolates,
 * marks, zero-width.
 */
const STEERING = `${ESC}[31m${ESC}[2J\u009b1m\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200d\ufeff\u0007\u0085\u2028`;

const HOSTILE_MODELS = [
  `${ESC}[1;31m${PHISH}${ESC}[0m`,
  `<img src=x onerror="alert(1)"><a href="https://iicp-support.example">${PHISH}</a>`,
  `llama3\u202e${PHISH}\u202c:70b`,
  `qwen${STEERING}-evil`,
  `${PHISH} ${'x'.repeat(600)}`,
];
const REJECTION = {
  code: `IICP-E027${ESC}[5m\u202e`,
  message: `\u202e${PHISH}\u202c <b>${STEERING}</b> ${'y'.repeat(900)}`,
};
const TX_REASON = `${ESC}]8;;https://iicp-support.example${ESC}\\${PHISH}${ESC}]8;;${ESC}\\\u202e${STEERING}`;
const EVIDENCE = `\u202edirectory_observed\u202c ${PHISH} ${STEERING}`;

/**
 * Characters that steer display rather than show: controls (C0, C1, DEL), format characters (bidi, zero-width),
 * separators.
 */
const STEERING_CHAR = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]/gu;
const countInvisibleChars = (text: string): number => (text.match(STEERING_CHAR) ?? []).length;

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    { tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 } } },
  );
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

/** Every string inside a value (keys too), with where it was found. */
function strings(
  value: unknown,
  path = '$',
  out: { path: string; text: string }[] = [],
): { path: string; text: string }[] {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: `${path}.<key>`, text: k });
      strings(v, `${path}.${k}`, out);
    }
  }
  return out;
}

const invisible = (value: unknown): number => strings(value).reduce((n, s) => n + countInvisibleChars(s.text), 0);
/**
 * Our own sentences: every `words`/`summary`/`advice` field, wherever it is, and the values inside one kept as `Said`.
 */
const ourSentences = (value: unknown): { path: string; text: string }[] =>
  strings(value).filter((s) => /\.(words|summary|advice|error)(\.|$)/.test(s.path));

/** The page's text outside the quoted elements: what the app says in its own voice (tooltips are the cells' data). */
function outsideQuotes(html: string): string {
  return html.replace(/<span[^>]*data-testid="quoted"[^>]*>“<bdi>[^<]*<\/bdi>”<\/span>/g, '').replace(/<[^>]*>/g, ' ');
}

/** Characters of the rendered page that steer display, counted as the browser will read them (entities decoded). */
function invisibleOnScreen(html: string): number {
  const text = html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)));
  return countInvisibleChars(text);
}

describe('foreign text from consumers and the directory', () => {
  let snapshot: NodeSnapshot;
  let feed: RequestRow[];
  let report: EarningsReport;
  let ledger: LedgerRow[];
  let rejectedTask: string;

  it('reaches the node: model names in tasks, a receipt rejection, transaction reasons and check evidence', async () => {
    for (const model of HOSTILE_MODELS) {
      const res = await http(`${h.base}/v1/task`, {
        body: chatTask(randomUUID(), { payload: { model, messages: [{ role: 'user', content: 'hi' }] } }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    // The directory refuses the next receipt with its own words.
    directory.fail({ status: 422, body: { error: REJECTION }, routes: ['credits'] });
    rejectedTask = randomUUID();
    expect((await http(`${h.base}/v1/task`, { body: chatTask(rejectedTask) })).status).toBe(200);
    await eventually(async () => {
      const rows = await h.node.commandHandlers().listLedger({ limit: 20 });
      expect(rows.find((r) => r.taskId === rejectedTask)?.receipt).toBe('rejected');
    });
    directory.fail(null);
    // Its books list transactions with its own reasons.
    const nodeId = h.node.getSnapshot().node.nodeId!;
    for (const type of ['credit', 'debit'] as const) {
      directory.state.transactions.push({
        id: directory.state.nextTransactionId++,
        node_id: nodeId,
        amountUnits: 10,
        type,
        task_id: null,
        reason: TX_REASON,
        created_at: Date.now(),
      });
    }
    await h.node.commandHandlers().syncEarnings({});
    // Its registry entry gives hostile evidence while the node is checked.
    directory.fail({
      status: 200,
      body: {
        directory_observed_reachable: true,
        route_evidence: EVIDENCE,
        recovery_state: PHISH + STEERING,
        reputation_tier: STEERING,
      },
      routes: ['public'],
    });
    const asked = Date.now() - 1000;
    h.node.commandHandlers().checkNode({});
    await eventually(() => {
      const { running, last } = h.node.getSnapshot().reachability.check;
      expect(!running && last !== null && Date.parse(last.at) >= asked).toBe(true);
    }, 30_000);
    directory.fail(null);

    snapshot = h.node.getSnapshot();
    feed = (await h.node.commandHandlers().listRequests({ limit: 50 })).rows;
    report = await h.node.commandHandlers().getEarnings({ days: 7 });
    ledger = await h.node.commandHandlers().listLedger({ limit: 50 });
    expect(feed.filter((r) => r.outcome === 'refused').length).toBeGreaterThanOrEqual(HOSTILE_MODELS.length);
    expect(report.transactions.length).toBeGreaterThanOrEqual(2);
  });

  it('is kept only cleaned and capped: snapshot, feed, advice, earnings, ledger, CSV and events', async () => {
    const csv = await h.node.commandHandlers().exportLedger({});
    const events = h.node.commandHandlers().listEvents({ limit: 200 });
    // The export's own line breaks are its rows, not steering characters.
    const sources = { snapshot, feed, report, ledger, csv: strings(csv).map((x) => x.text.split(/\r?\n/)), events };
    const counts = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, invisible(v)]));
    console.log(
      `foreign-text: steering characters kept in the node's data: ${Object.entries(counts)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ')}`,
    );
    const longest = Math.max(...feed.map((r) => [...(r.model ?? '')].length));
    const longestNote = Math.max(...ledger.map((r) => [...(r.note ?? '')].length));
    console.log(
      `foreign-text: longest model name kept ${longest} characters (sent ${Math.max(...HOSTILE_MODELS.map((m) => m.length))}); longest receipt note ${longestNote}`,
    );
    for (const [k, n] of Object.entries(counts)) expect(n, `steering characters in ${k}`).toBe(0);
    // Capped: no consumer string over 255 characters, no directory text over 500.
    expect(longest).toBeLessThanOrEqual(255);
    for (const r of ledger) expect([...(r.note ?? '')].length).toBeLessThanOrEqual(520);
    for (const t of report.transactions) expect([...t.reason].length).toBeLessThanOrEqual(200);
    // The words survive as data: the person can still read what was sent, cleaned.
    expect(feed.some((r) => r.model?.includes(PHISH))).toBe(true);
    expect(ledger.find((r) => r.taskId === rejectedTask)?.note).toContain(PHISH);
  });

  it('never becomes our words: advice, reasons, check items and summaries quote it apart', () => {
    const ours = [...ourSentences(snapshot), ...ourSentences(feed), ...ourSentences(report)];
    const spliced = ours.filter((s) => s.text.includes('leaked') || s.text.includes('iicp-support.example'));
    console.log(
      `foreign-text: our sentences carrying the attacker's text: ${spliced.length}${spliced.length ? ` (${spliced.map((s) => s.path).join(', ')})` : ''}`,
    );
    expect(spliced).toEqual([]);
    const advice = snapshot.requests.advice.find((a) => a.id === 'unknown_model');
    expect(advice?.quoted?.some((q) => q.includes(PHISH))).toBe(true);
    const dir = snapshot.reachability.check.last!.items.find((i) => i.id === 'directory')!;
    expect(dir.quoted).toContain(PHISH);
  });

  it('is shown quoted on the pages, never as a link or markup, with no steering character on screen', async () => {
    // The cards of the Dashboard, Network and Earnings pages, given what the node answered.
    const pages = {
      requests: await renderComponent('pages/dashboard/RequestsCard.tsx', 'RequestsCard', {
        requests: snapshot.requests,
      }),
      check: await renderComponent('components/NodeCheckCard.tsx', 'NodeCheckCard', { snapshot }),
      transactions: await renderComponent('pages/earnings/TransactionsCard.tsx', 'TransactionsCard', {
        report,
        asOf: new Date().toISOString(),
      }),
      reconciliation: await renderComponent('pages/earnings/ReconciliationCard.tsx', 'ReconciliationCard', { report }),
    };
    if (process.env.FOREIGN_TEXT_SHOW) console.log(pages);
    const onScreen = Object.fromEntries(Object.entries(pages).map(([k, html]) => [k, invisibleOnScreen(html)]));
    const unquoted = Object.fromEntries(
      Object.entries(pages).map(([k, html]) => [k, (outsideQuotes(html).match(/leaked/g) ?? []).length]),
    );
    console.log(
      `foreign-text: steering characters on screen: ${Object.entries(onScreen)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ')}`,
    );
    console.log(
      `foreign-text: attacker's sentence shown unquoted: ${Object.entries(unquoted)
        .map(([k, n]) => `${k}=${n}`)
        .join(' ')}`,
    );
    for (const [k, html] of Object.entries(pages)) {
      expect(onScreen[k], `steering characters on the ${k} card`).toBe(0);
      expect(unquoted[k], `the attacker's sentence outside a quotation on the ${k} card`).toBe(0);
      // Shown, but as data: in a quotation, its markup escaped as text (no element made of it), never a link.
      expect(html, k).not.toMatch(/<img|<b>|<a [^>]*onerror/);
      expect(html, k).not.toMatch(/<a [^>]*iicp-support/);
    }
    for (const k of ['requests', 'check', 'transactions', 'reconciliation'])
      expect(pages[k as keyof typeof pages], k).toMatch(/data-testid="quoted"[^>]*>“<bdi>[^<]*leaked/);
  });

  it('is shown in the requests feed as what the consumer asked for: one short line, never a sentence or a link; the diagnosis keeps it apart', async () => {
    const diagnosis = await h.node.commandHandlers().diagnoseTasks({});
    const spliced = ourSentences(diagnosis).filter(
      (s) => s.text.includes('leaked') || s.text.includes('iicp-support.example'),
    );
    expect(spliced.map((s) => s.path)).toEqual([]);
    expect(diagnosis.checks.find((c) => c.id === 'refusals')?.quoted?.some((q) => q.includes('leaked'))).toBe(true);

    const html = await renderComponent('pages/dashboard/RequestsCard.tsx', 'RequestsCard', {
      requests: snapshot.requests,
    });
    const text = decodeEntities(html);
    const longest = longestPartShown(PHISH, text);
    const quotes = quotations(html);
    const oneLine = nowrapClasses();
    const notOneLine = quotes.filter((q) => !q.classes.some((c) => oneLine.has(c)));
    const longestQuote = Math.max(...quotes.map((q) => [...q.text].length), ...quotes.map((q) => [...q.title].length));
    const links = [...html.matchAll(/<a\s[^>]*>/g)].map((m) => m[0]);
    console.log(
      `foreign-text: requests card: ${longest} of the attacker's ${PHISH.length} characters in a row on screen; ` +
        `${quotes.length} quotations, the longest ${longestQuote} characters (text or tooltip), ${notOneLine.length} allowed to wrap; ${links.length} links`,
    );
    // Cut to one short line: what a model name needs, not a sentence (the data keeps more, see above).
    expect(longest).toBeLessThanOrEqual(SHOWN_MAX);
    expect(longestQuote).toBeLessThanOrEqual(SHOWN_MAX);
    expect(quotes.some((q) => q.text.includes('leaked'))).toBe(true);
    // One line: no line break inside a quotation, and each is styled not to wrap.
    for (const q of quotes) expect(q.text).not.toMatch(/[\r\n]|<br/);
    expect(notOneLine.map((q) => q.text)).toEqual([]);
    // Never a link: the only links are our own pages.
    for (const q of quotes) expect(q.inner).not.toMatch(/<a[\s>]/);
    for (const a of links) expect(a).toMatch(/^<a [^>]*href="#\//);
    // Marked as the consumer's, in our words, outside the quotation: "asked for" before each name in the table.
    const refusedRows = [...html.matchAll(/<tr[^>]*data-outcome="refused"[^>]*>([\s\S]*?)<\/tr>/g)]
      .map((m) => m[1]!)
      .filter((row) => row.includes('data-testid="quoted"'));
    expect(refusedRows.length).toBeGreaterThanOrEqual(HOSTILE_MODELS.length);
    for (const row of refusedRows) expect(row).toMatch(/>asked for<\/span> ?<span [^>]*data-testid="quoted"/);
  });
});

describe('the directory’s dial of the node and its codes', () => {
  it('a code the directory disguised with hidden characters is not taken for the real one', async () => {
    // The receipt above was refused with `IICP-E027` followed by a terminal escape and a bidi override.
    const ledger = await h.node.commandHandlers().listLedger({ limit: 50 });
    const note = ledger.find((r) => r.note?.includes('leaked'))?.note ?? '';
    expect(note).not.toBe('');
    expect(note).not.toMatch(/IICP-E027/);
    const events = h.node.commandHandlers().listEvents({ limit: 200 });
    expect(
      strings(events)
        .filter((s) => s.text.includes('IICP-E027'))
        .map((s) => s.path),
    ).toEqual([]);
  });

  it('its dial’s words never reach our sentences or the page, cleaned or not; a known code with hidden characters is no code', async () => {
    const p = await startPublicNode(
      { directory: directory.url, backend: backend.url },
      {},
      { tuning: { probeGapMs: 0 } },
    );
    try {
      await eventually(() => expect(p.node.getSnapshot().directory.link).toBe('registered'));
      directory.fail({
        status: 200,
        body: { reachable: false, latency_ms: null, error: `${PHISH} ${STEERING}` },
        routes: ['public'],
      });
      p.node.commandHandlers().probeNode({});
      await eventually(() => expect(p.node.getSnapshot().reachability.check.probe?.outcome).toBe('unreachable'));
      const snap = p.node.getSnapshot();
      console.log(
        `foreign-text: the directory's dial as the node keeps it: ${JSON.stringify(snap.reachability.check.probe)}`,
      );
      expect(JSON.stringify(snap.reachability.check.probe)).not.toMatch(/leaked|iicp-support/);
      const html = decodeEntities(
        await renderComponent('components/NodeCheckCard.tsx', 'NodeCheckCard', { snapshot: snap }),
      );
      expect(html).not.toMatch(/leaked|iicp-support/);
      // PHP refuses a private address with the code `private_address`; with a zero-width space in it, it is not that
      // code.
      directory.fail({
        status: 422,
        body: { reachable: false, latency_ms: null, error: 'private_address\u200b' },
        routes: ['public'],
      });
      p.node.commandHandlers().probeNode({});
      await eventually(() => expect(p.node.getSnapshot().reachability.check.probe?.outcome).not.toBe('unreachable'));
      const probe = p.node.getSnapshot().reachability.check.probe!;
      expect(probe.outcome).toBe('unavailable');
      expect(english.said(probe.words)).not.toMatch(/private/);
      expect(probe.quoted).toBeUndefined();
    } finally {
      directory.fail(null);
      await p.stop();
    }
  });
});

/** How many characters a consumer's text is shown with at most on the dashboard (the renderer's CONSUMER_QUOTE). */
const SHOWN_MAX = 40;

/** The rendered markup as the browser reads it: entities decoded. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The longest run of `sentence`'s characters that appears whole in `text`. */
function longestPartShown(sentence: string, text: string): number {
  let best = 0;
  for (let i = 0; i + best < sentence.length; i++) {
    for (let j = sentence.length; j - i > best; j--) {
      if (text.includes(sentence.slice(i, j))) {
        best = j - i;
        break;
      }
    }
  }
  return best;
}

/** Every quotation of a rendered card: its text and tooltip (decoded), its CSS module classes by name, its markup. */
function quotations(html: string): { text: string; title: string; classes: string[]; inner: string }[] {
  return [
    ...html.matchAll(
      /<span class="([^"]*)" data-testid="quoted"[^>]*?(?:title="([^"]*)")?>“<bdi>([\s\S]*?)<\/bdi>”<\/span>/g,
    ),
  ].map((m) => ({
    classes: m[1]!.split(/\s+/).map((c) => /^_(.+)_[0-9a-z]+$/i.exec(c)?.[1] ?? c),
    title: decodeEntities(m[2] ?? ''),
    text: decodeEntities(m[3]!),
    inner: m[3]!,
  }));
}

/** The classes of the quotation's style sheet that keep it on one line. */
function nowrapClasses(): Set<string> {
  const css = readFileSync(new URL('../../src-renderer/src/components/ui/Quoted.module.css', import.meta.url), 'utf8');
  return new Set(
    [...css.matchAll(/\.([\w-]+)\s*\{([^}]*)\}/g)].filter((m) => /white-space:\s*nowrap/.test(m[2]!)).map((m) => m[1]!),
  );
}

describe('task ids made to be spreadsheet formulas', () => {
  // A consumer chooses the task id. Where the list separator is `;` (Excel in most European locales) a bare
  // `x;+1+2` splits into `x` and the formula `+1+2`; `=HYPERLINK(…)` is a link anywhere.
  const IDS = [
    'x;+1+2',
    'x;@SUM(1)',
    '=HYPERLINK("https://iicp-support.example/recover","Recover your key")',
    '-2+3',
    ' +1+2',
    'x,=1+1',
    `x;\t=1`,
  ];

  it('are exported as text: no cell of the CSV is a formula, whichever separator the file or the spreadsheet uses', async () => {
    for (const id of IDS) expect((await http(`${h.base}/v1/task`, { body: chatTask(id) })).status, id).toBe(200);
    const files = {
      ',': (await h.node.commandHandlers().exportLedger({})).csv,
      ';': (await h.node.commandHandlers().exportLedger({ separator: ';' })).csv,
    };
    const formulas: string[] = [];
    for (const [written, csv] of Object.entries(files)) {
      for (const read of [',', ';'] as const) {
        const cells = spreadsheetCells(csv, read).flat();
        formulas.push(
          ...cells
            .filter(isFormulaCell)
            .map((c) => `${written}-file read with ${read}: ${JSON.stringify(c.slice(0, 40))}`),
        );
      }
    }
    console.log(
      `foreign-text: formula cells in the CSV export: ${formulas.length}${formulas.length ? ` (${formulas.slice(0, 6).join('; ')})` : ''}`,
    );
    expect(formulas).toEqual([]);
    // Read with its own separator, each file gives the ids back whole, defused with a leading ' where they would run.
    for (const [written, csv] of Object.entries(files)) {
      const rows = spreadsheetCells(csv, written as ',' | ';');
      const ids = rows.slice(1).map((r) => r[0]);
      for (const id of IDS) expect(ids, `${written}: ${id}`).toContain(isFormulaCell(id) ? `'${id}` : id);
      expect(
        rows.every((r) => r.length === rows[0]!.length),
        `${written}: every row has the header's cells`,
      ).toBe(true);
    }
  });
});

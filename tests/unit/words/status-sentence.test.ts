/**
 * The status sentence: "Serving the network" only when the facts say so, otherwise the most important reason
 * first, each with its next step.
 */
import { said } from '@shared/i18n/said';
import { describe, expect, it } from 'vitest';
import { statusWords, type StatusContext } from '@shared/words/status-sentence';
import { formatIn } from '@shared/text/wall-clock';
import { speakWith } from '@shared/i18n/current';
import { createSay, english } from '@shared/i18n/say';
import { snapshotWith, type SnapshotPatch } from '../app/snapshots';
import { viewerZone } from '@shared/text/wall-clock';

/** The zone's name after a time of the machine's schedule, when the viewer (this runtime) reads another zone. */
const label = (zone: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === viewerZone() ? '' : ` (${zone})`;

const NOW = Date.UTC(2025, 4, 12, 10, 0); // Mon 12 May 2025, 12:00 in Berlin
// A 24-hour locale unless a test says otherwise: the dashboard passes none (the browser's own), the tray the app's.
const connected: StatusContext = { now: NOW, connection: 'connected', locale: 'en-GB' };
const say = (patch: SnapshotPatch, ctx: StatusContext = connected) => statusWords(snapshotWith(patch), ctx);

describe('the status sentence', () => {
  it('says "Serving the network" only when registered, reachable, the LLM server healthy and the node offering', () => {
    const w = say({ capacity: { activeJobs: 1, effectiveMaxConcurrent: 2 }, today: { jobs: 12 } });
    expect(w).toMatchObject({
      kind: 'serving',
      tone: 'ok',
      sentence: 'Serving the network',
      detail: '1 of 2 slots busy · 12 tasks today',
      action: null,
    });
    expect(say({ reachability: { status: 'relayed' } }).sentence).toBe('Serving the network through a relay');
    expect(say({ reachability: { status: 'tunnel' } }).sentence).toBe('Serving the network through a tunnel');
    expect(say({ reachability: { status: 'mapped' } }).sentence).toBe('Serving the network');
  });

  it('never says serving while a fact is missing', () => {
    const notServing: SnapshotPatch[] = [
      { directory: { link: 'not_configured', registeredAt: null }, reachability: { status: 'local_only' } },
      { directory: { link: 'unreachable' } },
      { directory: { link: 'connecting' } },
      { directory: { link: 'rejected' } },
      { reachability: { status: 'not_reachable' } },
      { reachability: { status: 'checking' } },
      { backend: { status: 'unreachable' } },
      { backend: { status: 'loading' } },
      { backend: { status: 'not_configured' } },
      { state: 'paused', available: false, availability: { reason: 'switched_off' } },
      { state: 'degraded', stateReason: said('status.reason.failed', { error: 'Something broke.' }) },
      { state: 'stopped' },
      { setup: { completed: false, startAtLogin: null }, backend: { status: 'not_configured' } },
      { backend: { models: [] } },
    ];
    for (const patch of notServing) expect(say(patch).kind, JSON.stringify(patch)).not.toBe('serving');
  });

  it("the engine's own process comes first: restarting after a problem, and stopped after a crash loop with Restart now", () => {
    const since = new Date(NOW).toISOString();
    const restarting = say({
      engineProcess: {
        state: 'restarting',
        restarts: 1,
        since,
        pid: null,
        message: 'The node stopped because it stopped answering for 4 s and is restarting…',
      },
    });
    expect(restarting).toMatchObject({
      kind: 'restarting',
      tone: 'warn',
      sentence: 'Restarting the node after a problem…',
      detail: 'The node stopped because it stopped answering for 4 s and is restarting…',
      action: null,
    });
    // Whatever the last snapshot said (here: serving), it is from before the engine stopped.
    const failed = say({
      engineProcess: {
        state: 'failed',
        restarts: 6,
        since,
        pid: null,
        message: 'The node stopped unexpectedly 6 times within a minute.',
      },
    });
    expect(failed).toMatchObject({
      kind: 'engine_failed',
      tone: 'bad',
      sentence: 'The node has stopped',
      detail: 'The node stopped unexpectedly 6 times within a minute.',
    });
    expect(failed.action).toEqual({ kind: 'command', label: 'Restart now', command: 'restartEngine' });
    // A host that cannot be reached at all still says that first.
    expect(
      say(
        { engineProcess: { state: 'failed', restarts: 6, since, pid: null, message: 'x' } },
        { ...connected, connection: 'lost' },
      ).kind,
    ).toBe('not_connected');
  });

  it('local only: not reachable from the internet, with the way to the Network page', () => {
    const w = say({
      directory: {
        link: 'not_configured',
        registeredAt: null,
        message: said('network.link.notRegistered', { why: said('network.link.why.noPublicAddress') }),
      },
      reachability: { status: 'local_only' },
    });
    expect(w).toMatchObject({
      kind: 'not_reachable',
      tone: 'warn',
      sentence: 'Not reachable from the internet — see Network',
    });
    expect(w.action).toEqual({ kind: 'route', label: 'Open Network', route: 'network' });
  });

  it('a directory never reached and one lost mid-run read differently, both counting down to the next try', () => {
    const next = new Date(NOW + 40_000).toISOString();
    const never = say({ directory: { link: 'unreachable', registeredAt: null, nextAttemptAt: next } });
    expect(never).toMatchObject({
      kind: 'directory_unreachable',
      tone: 'bad',
      sentence: "Can't reach the IICP directory — retrying in 40 s",
    });
    expect(never.action).toEqual({ kind: 'command', label: 'Try now', command: 'checkAgain' });
    const lost = say({ directory: { link: 'unreachable', nextAttemptAt: next } });
    expect(lost).toMatchObject({
      kind: 'directory_lost',
      sentence: 'Lost contact with the IICP directory — retrying in 40 s',
    });
    // A try under way (no next time yet), or a menu that cannot count down: just "retrying".
    expect(say({ directory: { link: 'unreachable', nextAttemptAt: null } }).sentence).toBe(
      'Lost contact with the IICP directory — retrying',
    );
    expect(
      say({ directory: { link: 'unreachable', nextAttemptAt: next } }, { ...connected, countdown: false }).sentence,
    ).toBe('Lost contact with the IICP directory — retrying');
  });

  it('a silent LLM server names the product and offers "Check now"', () => {
    const w = say({ backend: { status: 'unreachable', flavour: 'ollama', url: 'http://127.0.0.1:11434' } });
    expect(w).toMatchObject({
      kind: 'backend_down',
      tone: 'bad',
      sentence: 'Your LLM server is not answering — is Ollama running?',
    });
    expect(w.detail).toContain('http://127.0.0.1:11434');
    expect(w.action).toEqual({ kind: 'command', label: 'Check now', command: 'checkAgain' });
  });

  it('a pause by hand says until when on the schedule’s clock and offers "Resume now"', () => {
    const w = say({
      state: 'paused',
      available: false,
      pausedUntil: '2025-05-12T16:00:00.000Z',
      availability: { reason: 'switched_off' },
    });
    expect(w).toMatchObject({ kind: 'paused', sentence: `Paused until 18:00${label('Europe/Berlin')}` });
    expect(w.action).toEqual({ kind: 'command', label: 'Resume now', command: 'resume' });
    expect(say({ state: 'paused', available: false, availability: { reason: 'switched_off' } }).sentence).toBe(
      'Paused',
    );
  });

  it('switched off with no end time: no "until then", since there is no then', () => {
    const off = say({ state: 'paused', available: false, pausedUntil: null, availability: { reason: 'switched_off' } });
    expect(off.detail).toBe('Your node takes no new work from the network until you resume it.');
    expect(off.detail).not.toMatch(/until then/);
    const timed = say({
      state: 'paused',
      available: false,
      pausedUntil: '2025-05-12T16:00:00.000Z',
      availability: { reason: 'switched_off' },
    });
    expect(timed.detail).toBe('Your node takes no new work from the network until then.');
  });

  it('the person’s own rules wait with a way to change them', () => {
    const w = say({
      state: 'paused',
      availability: { reason: 'outside_window', nextChangeAt: '2025-05-13T06:00:00.000Z' },
    });
    expect(w).toMatchObject({
      kind: 'waiting',
      sentence: `Outside your availability windows until 08:00 tomorrow${label('Europe/Berlin')}`,
    });
    expect(w.action).toMatchObject({ kind: 'route', route: 'availability' });
  });

  it('puts the most important reason first', () => {
    const everythingWrong: SnapshotPatch = {
      backend: { status: 'unreachable' },
      directory: { link: 'unreachable' },
      reachability: { status: 'not_reachable' },
    };
    expect(say(everythingWrong).kind).toBe('backend_down');
    expect(
      say({ ...everythingWrong, state: 'paused', available: false, availability: { reason: 'switched_off' } }).kind,
    ).toBe('paused');
    expect(
      say({
        ...everythingWrong,
        backend: { status: 'not_configured' },
        setup: { completed: false, startAtLogin: null },
      }).kind,
    ).toBe('setup');
    expect(say({ directory: { link: 'unreachable' }, reachability: { status: 'not_reachable' } }).kind).toBe(
      'directory_lost',
    );
    expect(say({ ...everythingWrong }, { now: NOW, connection: 'lost' }).kind).toBe('not_connected');
  });

  it('the wizard matters only while something is missing: a node set up by flags that serves says so', () => {
    expect(say({ setup: { completed: false, startAtLogin: null } }).kind).toBe('serving');
    expect(
      say({ setup: { completed: false, startAtLogin: null }, backend: { status: 'not_configured' } }),
    ).toMatchObject({
      kind: 'setup',
      sentence: 'Setup is not finished',
      action: { kind: 'route', label: 'Open the setup wizard', route: 'setup' },
    });
    expect(say({ backend: { status: 'not_configured' } }).sentence).toBe('No LLM server chosen');
  });

  it('a healthy LLM server offering no model is not serving either', () => {
    expect(say({ backend: { models: [], flavour: 'ollama' } })).toMatchObject({
      kind: 'no_models',
      tone: 'bad',
      sentence: 'Ollama offers no models to the network',
    });
  });

  it('without a link to the host: "Not connected to the node", with how to bring it back', () => {
    const headless = statusWords(snapshotWith({ host: 'headless' }), { now: NOW, connection: 'lost' });
    expect(headless).toMatchObject({ kind: 'not_connected', tone: 'bad', sentence: 'Not connected to the node' });
    expect(headless.detail).toContain('npm run headless');
    expect(headless.detail).toContain('last news');
    expect(headless.action).toEqual({ kind: 'reconnect', label: 'Retry now' });
    expect(statusWords(snapshotWith({ host: 'electron' }), { now: NOW, connection: 'lost' }).detail).not.toContain(
      'npm',
    );
    expect(statusWords(null, { now: NOW, connection: 'connecting' }).sentence).toBe('Connecting to the node…');
  });

  it('counts waits the way people say them', () => {
    expect(formatIn(40_000)).toBe('in 40 s');
    expect(formatIn(400)).toBe('now');
    expect(formatIn(-5_000)).toBe('now');
    expect(formatIn(5 * 60_000)).toBe('in 5 min');
    expect(formatIn(3 * 3_600_000)).toBe('in 3 h');
  });
});

describe('the status sentence in German', () => {
  it('says the headline, the detail and the action in the words of the process, German here', () => {
    speakWith(() => createSay('de', 'de-DE'));
    try {
      const serving = say({ capacity: { activeJobs: 1, effectiveMaxConcurrent: 2 }, today: { jobs: 12 } });
      expect(serving).toMatchObject({
        sentence: 'Bedient das Netzwerk',
        detail: '1 von 2 Plätzen belegt · Heute 12 Aufgaben',
      });
      const paused = say({ state: 'paused', available: false, pausedUntil: null });
      expect(paused).toMatchObject({ sentence: 'Pausiert', action: { label: 'Jetzt fortsetzen' } });
      // The engine's reason is a sentence, said in German too, not the engine's English.
      const degraded = say({
        state: 'degraded',
        stateReason: said('status.reason.backendSilent'),
        backend: { status: 'healthy' },
      });
      expect(degraded.detail).toBe('Der lokale LLM-Server antwortet nicht.');
    } finally {
      speakWith(() => english);
    }
  });

  it('counts waits in German too, never "now" or "in 40 s" left in English', () => {
    speakWith(() => createSay('de', 'de-DE'));
    try {
      expect([400, 40_000, 5 * 60_000, 3 * 3_600_000].map(formatIn)).toEqual([
        'jetzt',
        'in 40 Sek.',
        'in 5 Min.',
        'in 3 Std.',
      ]);
    } finally {
      speakWith(() => english);
    }
  });
});

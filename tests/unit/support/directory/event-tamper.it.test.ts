/** The stand-in's tamper controls: each acts on the stored log and shows on the next `GET /v1/events`. */
import { describe, expect, it } from 'vitest';
import { checkChain, CLEAN, didKey, GENESIS_SECRET, readAll, type WireEvent } from './event-log-helpers';
import { dig, directory, fakeClock, LOOPBACK, receipt, register, registerBody } from './helpers';

async function setup(opts = {}) {
  const clock = fakeClock();
  const d = await directory({ ...LOOPBACK, now: clock.now, genesisEd25519SecretKey: GENESIS_SECRET, ...opts });
  const provider = await register(d.api, registerBody('http://127.0.0.1:9'));
  const award = async (amount = 0.006, tokens = 6) => {
    const r = receipt(provider, { now: clock.now(), tokens, amount });
    const res = await d.api('POST', '/v1/credits/award', { token: provider.token, body: { ...r } });
    if (res.status !== 200) throw new Error(`award ${res.status} ${res.text}`);
    return { taskId: r.task_id, response: res.json };
  };
  const tasks = [await award(), await award(), await award()].map((a) => a.taskId);
  // REGISTER, CREDIT_ALLOCATION, then the three awards at seq 3, 4, 5.
  return { ...d, clock, provider, award, tasks };
}

const bySeq = (events: WireEvent[], seq: number): WireEvent => events.find((e) => e.seq === seq)!;

describe('tampers the next read shows', () => {
  it('amount: the award says more than was signed', async () => {
    const { dir, tasks } = await setup();
    const r = dir.events.tamper({ kind: 'amount', taskId: tasks[1]!, amount: 9 });
    expect(r).toEqual({ kind: 'amount', seq: 4, seqs: [4], taskId: tasks[1], before: 0.006, after: 9 });
    const events = await readAll(dir);
    expect(dig(bySeq(events, 4).payload, 'amount')).toBe(9);
    expect(checkChain(events, await didKey(dir))).toEqual({ ...CLEAN, badSignatures: [4] });
    expect(dir.state.eventTampers).toEqual([r]);
  });

  it('awarded_less: a valid signature over less than the receipt claimed, credited as such', async () => {
    const { dir, award } = await setup();
    const armed = dir.events.tamper({ kind: 'awarded_less' });
    expect(armed).toMatchObject({ kind: 'awarded_less', seq: null, pending: true });
    const { taskId, response } = await award(1.2, 1200);
    // The answer still echoes what was sent; the balance and the log say 0.6.
    expect(response).toMatchObject({ awarded: 1.2, balance: 5.618 });
    expect(armed).toEqual({ kind: 'awarded_less', seq: 6, seqs: [6], taskId, before: 1.2, after: 0.6, pending: false });
    const events = await readAll(dir);
    expect(bySeq(events, 6).payload).toMatchObject({ task_id: taskId, amount: 0.6, new_balance: 5.618 });
    expect(checkChain(events, await didKey(dir))).toEqual(CLEAN);
    const next = await award(1.2, 1200);
    expect(next.response).toMatchObject({ balance: 6.818 });
  });

  it('awarded_less for one task waits for that task, with a chosen amount', async () => {
    const { dir, award, provider, clock, api } = await setup();
    const r = receipt(provider, { now: clock.now(), tokens: 1000, amount: 1 });
    const armed = dir.events.tamper({ kind: 'awarded_less', taskId: r.task_id, amount: 0.25 });
    await award();
    expect(armed.pending).toBe(true);
    expect((await api('POST', '/v1/credits/award', { token: provider.token, body: { ...r } })).status).toBe(200);
    expect(armed).toMatchObject({ seq: 7, before: 1, after: 0.25, pending: false });
  });

  it('drop: a gap in seq, and the next event links to a signature nobody can see', async () => {
    const { dir, tasks } = await setup();
    const r = dir.events.tamper({ kind: 'drop', taskId: tasks[1]! });
    expect(r).toMatchObject({ kind: 'drop', seq: 4, taskId: tasks[1], before: { seq: 4, event_type: 'CREDIT_AWARD' } });
    const events = await readAll(dir);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 5]);
    expect(checkChain(events, await didKey(dir))).toEqual({ ...CLEAN, gaps: [4] });
  });

  it('drop of the newest event: the chain head still links the next event to it', async () => {
    const { dir, tasks, award } = await setup();
    dir.events.tamper({ kind: 'drop', taskId: tasks[2]! });
    await award();
    const events = await readAll(dir);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 6]);
    expect(checkChain(events, await didKey(dir))).toEqual({ ...CLEAN, gaps: [5] });
  });

  it('reorder: two neighbours swap seq and place, signatures untouched', async () => {
    const { dir, tasks } = await setup();
    const r = dir.events.tamper({ kind: 'reorder', taskId: tasks[0]! });
    expect(r).toMatchObject({ kind: 'reorder', seq: 3, seqs: [3, 4], taskId: tasks[0] });
    const events = await readAll(dir);
    expect(events.map((e) => [e.seq, dig(e.payload, 'task_id')])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, tasks[1]],
      [4, tasks[0]],
      [5, tasks[2]],
    ]);
    expect(checkChain(events, await didKey(dir))).toEqual({ ...CLEAN, badSignatures: [3, 4], badLinks: [3, 4, 5] });
  });

  it('bad_signature: one event no longer verifies and the next no longer links', async () => {
    const { dir } = await setup();
    const r = dir.events.tamper({ kind: 'bad_signature', seq: 2 });
    expect(r.before).not.toBe(r.after);
    expect(String(r.after)).toMatch(/^[0-9a-f]{128}$/);
    expect(checkChain(await readAll(dir), await didKey(dir))).toEqual({ ...CLEAN, badSignatures: [2], badLinks: [3] });
  });

  it('rotate_key: did.json publishes a new key; older events no longer verify with it unless re-signed', async () => {
    const { dir, award } = await setup();
    const oldKey = await didKey(dir);
    const r = dir.events.tamper({ kind: 'rotate_key' });
    expect(r).toMatchObject({ kind: 'rotate_key', seq: null, seqs: [], before: GENESIS_SECRET.slice(64) });
    await award();
    const newKey = await didKey(dir);
    expect(newKey.toString('hex')).toBe(r.after);
    expect(newKey.equals(oldKey)).toBe(false);
    const events = await readAll(dir);
    expect(checkChain(events, newKey)).toEqual({ ...CLEAN, badSignatures: [1, 2, 3, 4, 5] });
    expect(checkChain(events.slice(0, 5), oldKey)).toEqual(CLEAN);

    const again = dir.events.tamper({ kind: 'rotate_key', resign: true });
    expect(again.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(checkChain(await readAll(dir), await didKey(dir))).toEqual(CLEAN);
  });

  it('other_node: the award is filed under another node id; the signature still verifies', async () => {
    const { dir, tasks, provider } = await setup();
    const r = dir.events.tamper({ kind: 'other_node', taskId: tasks[0]!, otherNodeId: 'someone-else' });
    expect(r).toMatchObject({ seq: 3, before: provider.nodeId, after: 'someone-else' });
    const events = await readAll(dir);
    expect(bySeq(events, 3).node_id).toBe('someone-else');
    expect(checkChain(events, await didKey(dir))).toEqual(CLEAN);
  });

  it('phantom: a validly signed award for a task the node never served; the ledger is untouched', async () => {
    const { dir, provider, api } = await setup();
    const before = dig(
      (await api('GET', `/v1/credits/summary?node_id=${provider.nodeId}`, { token: provider.token })).json,
      'balance',
    );
    const r = dir.events.tamper({ kind: 'phantom', nodeId: provider.nodeId, amount: 2.5 });
    expect(r).toMatchObject({ kind: 'phantom', seq: 6, after: 2.5, taskId: expect.stringMatching(/^phantom-/) });
    const events = await readAll(dir);
    expect(bySeq(events, 6)).toMatchObject({
      event_type: 'CREDIT_AWARD',
      node_id: provider.nodeId,
      payload: { amount: 2.5, task_id: r.taskId },
    });
    expect(checkChain(events, await didKey(dir))).toEqual(CLEAN);
    expect(
      dig(
        (await api('GET', `/v1/credits/summary?node_id=${provider.nodeId}`, { token: provider.token })).json,
        'balance',
      ),
    ).toBe(before);
  });

  it('rewrite: a consistent history that only a comparison with an earlier read can catch', async () => {
    const { dir, tasks } = await setup();
    const earlier = await readAll(dir);
    const r = dir.events.tamper({ kind: 'rewrite', taskId: tasks[0]!, amount: 0.001 });
    expect(r).toMatchObject({ kind: 'rewrite', seq: 3, seqs: [3, 4, 5], before: 0.006, after: 0.001 });
    const later = await readAll(dir);
    expect(checkChain(later, await didKey(dir))).toEqual(CLEAN);
    expect(later.map((e) => e.sig === bySeq(earlier, e.seq).sig)).toEqual([true, true, false, false, false]);
    expect(dig(bySeq(later, 3).payload, 'amount')).toBe(0.001);
  });

  it('refuses a tamper that would change nothing, or needs a key the directory lacks', async () => {
    const { dir } = await setup();
    expect(() => dir.events.tamper({ kind: 'drop', taskId: 'never-served' })).toThrow(
      /no CREDIT_AWARD for task never-served/,
    );
    expect(() => dir.events.tamper({ kind: 'amount', seq: 1, amount: 1 })).toThrow(/no CREDIT_AWARD event at seq 1/);
    const { dir: unsigned } = await directory(LOOPBACK);
    expect(() => unsigned.events.tamper({ kind: 'phantom', nodeId: 'x' })).toThrow(/no genesis key/);
    expect(() => unsigned.events.appendAwards(1)).toThrow(/no genesis key/);
  });
});

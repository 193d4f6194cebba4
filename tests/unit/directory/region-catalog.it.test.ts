/**
 * The regions Settings suggests (`RegionCatalog`): the distinct regions of the directory's discover listing, most used
 * first, only ones the directory itself would accept, cached for a while, and an honest empty answer with words when
 * the directory cannot be asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readDiscoverAnswer } from '@engine/directory/discover-answer';
import { DISCOVERY_FRESH_MS } from '@engine/directory/discovery-client';
import { RegionCatalog, regionsOf } from '@engine/directory/region-catalog';
import { startTestDirectory, type TestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { freePort } from '../../support/free-port';
import { call } from '../../support/json-call';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function directoryWithNodes(regions: string[]): Promise<TestDirectory> {
  const dir = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  closers.push(() => dir.close());
  for (const [i, region] of regions.entries()) {
    const r = await call(`${dir.url}/v1/register`, 'POST', {
      body: {
        endpoint: `http://127.0.0.1:${10_000 + i}`,
        region,
        capabilities: [{ intent: 'urn:iicp:intent:llm:chat:v1', models: ['llama3.1:8b'], max_tokens: 8192 }],
        limits: { max_concurrent: 2, tokens_per_min: 10_000 },
        exposure_mode: 'ipv4_public_direct',
      },
    });
    expect(r.status, r.text).toBe(201);
  }
  return dir;
}

/** The regions of a discover answer's body, as the one discovery client reads it; null when it is not a node list. */
const regionsFromDiscover = (body: unknown) => {
  const list = readDiscoverAnswer(body);
  return list ? regionsOf(list.nodes) : null;
};

const discoverCalls = (dir: TestDirectory) => dir.state.requests.filter((r) => r.path === '/v1/discover').length;

describe('the regions a directory suggests', () => {
  it('lists the regions its nodes use, most used first, without the default "unknown"', async () => {
    const dir = await directoryWithNodes(['eu-west', 'us-east', 'eu-west', 'unknown', 'ap-south']);
    const list = await new RegionCatalog().list(dir.url);
    expect(list).toMatchObject({ url: dir.url, ok: true, words: null });
    expect(list.regions).toEqual([
      { name: 'eu-west', nodes: 2 },
      { name: 'ap-south', nodes: 1 },
      { name: 'us-east', nodes: 1 },
    ]);
  });

  it('asks once and then answers from its cache, unless asked to refresh', async () => {
    const dir = await directoryWithNodes(['eu-west']);
    const catalog = new RegionCatalog();
    const [a, b] = await Promise.all([catalog.list(dir.url), catalog.list(`${dir.url}/`)]);
    expect(a).toEqual(b);
    expect(await catalog.list(dir.url)).toBe(a);
    await eventually(() => expect(discoverCalls(dir)).toBe(1));
    const fresh = await catalog.list(dir.url, true);
    expect(fresh).not.toBe(a);
    await eventually(() => expect(discoverCalls(dir)).toBe(2));
    expect(await catalog.list(dir.url)).toBe(fresh);
  });

  it('asks again once a failure is as old as the discovery window, but not before', async () => {
    let now = 1_000_000;
    const url = `http://127.0.0.1:${await freePort()}/api`;
    const catalog = new RegionCatalog({ now: () => now });
    const first = await catalog.list(url);
    expect(first).toMatchObject({ ok: false, regions: [], words: { id: 'network.regions.unreachable' } });
    now += DISCOVERY_FRESH_MS - 1;
    expect(await catalog.list(url)).toBe(first);
    now += 1;
    expect(await catalog.list(url)).not.toBe(first);
  });

  it('says when the directory has nodes but none names a region', async () => {
    const dir = await directoryWithNodes(['unknown']);
    expect(await new RegionCatalog().list(dir.url)).toMatchObject({
      ok: true,
      regions: [],
      words: { id: 'network.regions.noneNamed' },
    });
  });

  it('keeps only regions the directory would accept, and refuses answers that are not a node list', () => {
    const nodes = (...regions: unknown[]) => ({ nodes: regions.map((region, i) => ({ node_id: String(i), region })) });
    expect(
      regionsFromDiscover(nodes('eu-west', '9lives', 'x'.repeat(65), 'bad region', null, 42, 'Unknown', 'a_b-c')),
    ).toEqual([
      { name: 'a_b-c', nodes: 1 },
      { name: 'eu-west', nodes: 1 },
    ]);
    expect(regionsFromDiscover({ nodes: 'many' })).toBeNull();
    expect(regionsFromDiscover(null)).toBeNull();
  });
});

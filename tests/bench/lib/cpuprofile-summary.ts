/**
 * Summarises a V8 `.cpuprofile` (as written by `node --cpu-prof`, e.g. `BENCH_CPU_PROF=1 npm run bench`):
 * self time by function and by source file/package, and total (inclusive) time of the functions whose
 * name matches a filter. Usage:
 *
 *   node --import tsx tests/bench/lib/cpuprofile-summary.ts <file.cpuprofile> [top=25] [inclusiveRegex]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The checkout this script belongs to, with its trailing slash: profiled file names are shown relative to it. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topRaw, inclusiveRaw] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpuprofile-summary.ts <file.cpuprofile> [top] [inclusiveRegex]');
  process.exit(2);
}
const top = Number(topRaw ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) => {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const plain = url.replace(/^file:\/\//, '');
  return plain.startsWith(ROOT) ? plain.slice(ROOT.length) : plain;
};
const pkg = (url: string) => {
  const s = shortUrl(url);
  if (s === '(native)') return s;
  if (s.startsWith('node:')) return s;
  const parts = s.split('/');
  if (s.startsWith('@')) return parts.slice(0, 2).join('/');
  if (s.startsWith('src-main') || s.startsWith('tests')) return s;
  return parts[0]!;
};
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;

const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const p = pkg(f.url);
  fileSelf.set(p, (fileSelf.get(p) ?? 0) + us);
}
const idle = [...selfUs]
  .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
  .reduce((a, [, us]) => a + us, 0);
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled, ${(((total - idle) / total) * 100).toFixed(1)} % busy`);
console.log(`\nself time by file / package (top ${top}):`);
for (const [k, us] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
console.log(`\nself time by function (top ${top}):`);
for (const [k, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);

if (inclusiveRaw) {
  // Inclusive time: every sample counts once for each distinct matching frame on its stack.
  const re = new RegExp(inclusiveRaw);
  const incl = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (re.test(key) && !seen.has(key)) {
        seen.add(key);
        incl.set(key, (incl.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
      }
    }
  });
  console.log(`\ninclusive time of frames matching /${inclusiveRaw}/:`);
  for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top * 2))
    console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

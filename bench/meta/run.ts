/**
 * Benchmark: `leaklens meta --json` vs `exiftool -json -r` on bench/data/meta (run generate.ts
 * first), in the same run, one after the other. Reports files/s of each, the ratio, and the
 * files where author, last editor, created, modified or application differ.
 * leaklens runs from a compiled build (bench/data/dist), as an installed CLI would, not through tsx.
 * Usage: npx tsx bench/meta/run.ts [DIR]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compare, type Diff } from './compare.js';

const root = resolve(import.meta.dirname, '..', '..');
const dir = resolve(process.argv[2] ?? join(root, 'bench', 'data', 'meta'));
const dist = join(root, 'bench', 'data', 'dist');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', dist], { cwd: root, stdio: 'inherit' });

function timed(cmd: string, args: string[], out: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t) / 1e9;
  writeFileSync(out, r.stdout);
  if (r.status !== 0 && !r.stdout) throw new Error(`${cmd} failed: ${r.stderr}`);
  return secs;
}

const llOut = join(root, 'bench', 'data', 'meta-leaklens.json');
const etOut = join(root, 'bench', 'data', 'meta-exiftool.json');
const ll = timed('node', [join(dist, 'cli', 'main.js'), 'meta', '--json', dir], llOut);
const et = timed('exiftool', ['-json', '-r', dir], etOut);
const ours = JSON.parse(readFileSync(llOut, 'utf8')) as {
  provenance: string;
  depth: number;
  metadata: Record<string, unknown>;
  status: string;
}[];
const theirs = JSON.parse(readFileSync(etOut, 'utf8')) as Record<string, unknown>[];
const top = ours.filter((r) => r.depth === 0);
const byFile = new Map(theirs.map((e) => [resolve(String(e.SourceFile)), e]));
const diffs: Diff[] = [];
let files = 0;
let differing = 0;
for (const r of top) {
  const e = byFile.get(resolve(r.provenance));
  if (!e) continue;
  files++;
  const d = compare(r.provenance, r.metadata, e);
  if (d.length) differing++;
  diffs.push(...d);
}
const n = top.length;
const result = {
  files: n,
  leaklens: {
    seconds: round(ll),
    filesPerSecond: round(n / ll),
    failed: top.filter((r) => r.status === 'failed').length,
  },
  exiftool: { seconds: round(et), filesPerSecond: round(theirs.length / et), files: theirs.length },
  ratio: round(et / ll),
  compared: files,
  sameOnAllFiveFields: round((files - differing) / files),
  differences: diffs.length,
  differencesByField: countBy(diffs.map((d) => d.field)),
  examples: diffs.slice(0, 15),
};
console.log(JSON.stringify(result, null, 2));
function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
function round(v: number) {
  return Math.round(v * 1000) / 1000;
}

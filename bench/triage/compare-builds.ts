// Times the laptop triage of this build against another build of leaklens (a checkout of an earlier
// commit, e.g. `git archive <commit> src bench | tar -x -C BASE`, node_modules linked) on the same
// case, alternately, and checks that both write the same rows in the same order (rows-digest.ts).
// Usage: npx tsx bench/triage/compare-builds.ts BASE_DIR CASE_DIR [rounds=2]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const [base, caseDir, roundsArg] = process.argv.slice(2);
if (!base || !caseDir) throw new Error('usage: compare-builds.ts BASE_DIR CASE_DIR [rounds]');
const here = join(import.meta.dirname, '../..');
const tsx = join(here, 'node_modules/.bin/tsx');
const run = (root: string) => {
  const out = execFileSync(tsx, [join(root, 'bench/triage/triage-only.ts'), caseDir], {
    encoding: 'utf8',
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
    maxBuffer: 1 << 26,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { triageSeconds: number; rssMiB: number };
  const digest = execFileSync(tsx, [join(here, 'bench/triage/rows-digest.ts'), caseDir], {
    encoding: 'utf8',
  });
  return {
    seconds: r.triageSeconds,
    rssMiB: r.rssMiB,
    digest: digest.trim(),
    load: loadavg()[0]!.toFixed(1),
  };
};
const rows: { build: string; seconds: number; rssMiB: number; load: string }[] = [];
let digests: Record<string, string> = {};
for (let i = 0; i < Number(roundsArg ?? 2); i++) {
  for (const [build, root] of [
    ['base', base],
    ['this', here],
  ] as const) {
    const r = run(root);
    rows.push({ build, seconds: r.seconds, rssMiB: r.rssMiB, load: r.load });
    if (digests[build] && digests[build] !== r.digest)
      throw new Error(`${build}: rows differ between two runs`);
    digests = { ...digests, [build]: r.digest };
    console.error(JSON.stringify(rows[rows.length - 1]));
  }
}
const sum = (b: string) => rows.filter((r) => r.build === b).reduce((s, r) => s + r.seconds, 0);
console.log(
  JSON.stringify({
    rows,
    ratio: Number((sum('this') / sum('base')).toFixed(3)),
    sameRows: digests.base === digests.this,
    digest: JSON.parse(digests.this!),
  }),
);
if (digests.base !== digests.this) {
  console.error(`base: ${digests.base}\nthis: ${digests.this}`);
  process.exitCode = 1;
}

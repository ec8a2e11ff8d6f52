/**
 * Times `leaklens demo` generation (and, with --analyze, the analyses) for one size, printing one
 * JSON line: wall seconds per phase, e-mails/s, posts/s, peak RSS. No peer tool generates such a
 * case, so the figures are absolute; the target is "small in seconds, full in minutes".
 * Usage: npx tsx bench/demo/generate.ts [small|full] [--analyze]
 * Output goes to bench/data/demo-<size> (git-ignored).
 */
import { join } from 'node:path';
import { type DemoSize, generateDemo } from '../../src/demo/generate.js';
import { analyseDemo } from '../../src/demo/run-analyses.js';

const size = (process.argv[2] ?? 'small') as DemoSize;
const analyze = process.argv.includes('--analyze');
const out = join('bench', 'data', `demo-${size}`);
const t0 = performance.now();
/** Time of the last e-mail written: mail generation ends there, the posts take the rest. */
let mailEnd = t0;
const truth = await generateDemo(out, {
  size,
  seed: 2017,
  progress: (phase) => {
    if (phase === 'mail') mailEnd = performance.now();
  },
});
const mail = (mailEnd - t0) / 1000;
const generate = (performance.now() - t0) / 1000;
let analyseSeconds: number | null = null;
if (analyze) {
  const t1 = performance.now();
  await analyseDemo(out, truth, { silent: true });
  analyseSeconds = (performance.now() - t1) / 1000;
}
const r = (x: number) => Math.round(x * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    size,
    emails: truth.dump.emails,
    posts: truth.social?.posts ?? 0,
    generateSeconds: r(generate),
    mailSeconds: r(mail),
    postsSeconds: r(generate - mail),
    emailsPerSecond: r(truth.dump.emails / (mail || 1)),
    analyseSeconds: analyseSeconds === null ? null : r(analyseSeconds),
    peakRssMiB: r(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);

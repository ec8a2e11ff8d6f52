#!/usr/bin/env node
// bench/hostile: the issue #18 folder — every hostile input beside normal mail — ingested by the
// CLI with its defaults (parser processes, per-file budget), against the peer run: the same normal
// files without the hostile ones. Reports wall time and peak RSS (the whole process tree) of each run, their ratio, and
// checks the hostile run ends with every normal file present and every hostile one recorded.
// Usage: node --import tsx bench/hostile/run.mjs [--normal 300]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runMeasured } from '../lib/tree-rss.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const nNormal = args.includes('--normal') ? Number(args[args.indexOf('--normal') + 1]) : 300;
const OUT = join(ROOT, 'bench/out/hostile');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const imp = (p) => import(new URL(p, import.meta.url).href);
const { selfLoopingMsg, cyclicDirectoryCfb } = await imp('../../test/hostile/gen-cfb.ts');
const { repeatedKidsPdf, cyclicPagesPdf, ordinaryPdf } = await imp('../../test/hostile/gen-pdf.ts');
const { manyAttachmentsEml } = await imp('../../test/hostile/gen-mail.ts');

function normals(dir) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < nNormal; i++)
    writeFileSync(
      join(dir, `m${i}.eml`),
      `From: Jean <jean@org.example>\r\nTo: marie@org.example\r\nSubject: Budget ${i}\r\nDate: Tue, 28 Mar 2017 10:00:00 +0200\r\nMessage-ID: <n${i}@org.example>\r\n\r\nLe budget ${i} est prêt.\r\n`,
    );
  copyFileSync(join(ROOT, 'test/fixtures/documents/tika/testMSG.msg'), join(dir, 'normal.msg'));
  writeFileSync(join(dir, 'report-a.pdf'), ordinaryPdf('Rapport annuel alpha'));
  writeFileSync(join(dir, 'report-b.pdf'), ordinaryPdf('Rapport beta'));
}

const peer = join(OUT, 'peer');
const hostile = join(OUT, 'hostile');
normals(peer);
normals(hostile);
const member = gzipSync(Buffer.alloc(64 << 20));
const HOSTILE = {
  'loop.msg': selfLoopingMsg(),
  'cycle.msg': cyclicDirectoryCfb(),
  'kids.pdf': repeatedKidsPdf(100_000),
  'cycle.pdf': cyclicPagesPdf(),
  'bomb.bin.gz': Buffer.concat(Array.from({ length: 64 }, () => member)),
  'many.eml': manyAttachmentsEml(20_000),
  'escape.eml': 'From: x@y\r\nSubject: \x1b]0;pwned\x07\x1b[2J\r\n\r\nbody\r\n',
  'empty-no-ext': '',
};
for (const [name, data] of Object.entries(HOSTILE)) writeFileSync(join(hostile, name), data);
symlinkSync('/etc/passwd', join(hostile, 'link-out'));
execFileSync('mkfifo', [join(hostile, 'pipe')]);

async function ingest(dir, label) {
  const kase = join(OUT, `case-${label}`);
  const r = await runMeasured(
    process.execPath,
    [join(ROOT, 'bin/leaklens.js'), 'ingest', '--case', kase, '--no-verify', '--no-analyze', '--json', dir],
    { env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
  );
  if (r.code !== 0) throw new Error(`${label}: ${r.stderr}`);
  const summary = JSON.parse(r.stdout);
  // Peak RSS of the whole process tree: the ingest and its parser processes together.
  return {
    label,
    seconds: +r.seconds.toFixed(2),
    peakRssMb: r.peakTreeRssMiB,
    processes: r.processes,
    summary,
    kase,
  };
}

const runs = [];
for (let i = 0; i < 2; i++) runs.push(await ingest(peer, `peer${i}`), await ingest(hostile, `hostile${i}`));
const best = (p) => runs.filter((r) => r.label.startsWith(p)).sort((a, b) => a.seconds - b.seconds)[0];
const p = best('peer');
const h = best('hostile');
const errs = JSON.parse(
  execFileSync(process.execPath, [join(ROOT, 'bin/leaklens.js'), 'errors', '--case', h.kase, '--json'], {
    encoding: 'utf8',
  }),
);
// escape.eml is a normal message with hostile text: ingested, not a failure.
const hostileNames = [...Object.keys(HOSTILE).filter((n) => n !== 'escape.eml'), 'link-out', 'pipe'];
const recorded = hostileNames.filter((n) =>
  errs.some((e) => e.provenance.split('/')[1].replace(/!$/, '') === n),
);
const result = {
  normalFiles: nNormal + 3,
  hostileFiles: hostileNames.length,
  peer: { seconds: p.seconds, peakRssMb: p.peakRssMb, emails: p.summary.totals.emails },
  hostile: {
    seconds: h.seconds,
    peakRssMb: h.peakRssMb,
    emails: h.summary.totals.emails,
    failures: h.summary.totals.failures,
  },
  timeRatio: +(h.seconds / p.seconds).toFixed(2),
  rssRatio: +(h.peakRssMb / p.peakRssMb).toFixed(2),
  hostileRecorded: `${recorded.length}/${hostileNames.length}`,
  notRecorded: hostileNames.filter((n) => !recorded.includes(n)),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

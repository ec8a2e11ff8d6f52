#!/usr/bin/env node
// bench/archives: what reading a dump through an archive costs.
//  1. Extraction alone, in-process, against the standard tools on the same archive:
//     zip ingestor vs `unzip -p` and Python's zipfile; gzip+tar ingestors vs `tar xzOf`.
//  2. The whole `leaklens ingest` of the dump packed as .zip and as .tgz vs the same dump as a
//     loose maildir: same counts expected, time ratio reported.
// Usage: npm run build && node bench/archives/run.mjs [--messages N]   (default 3,000 messages)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const n = args.includes('--messages') ? Number(args[args.indexOf('--messages') + 1]) : 3000;
const DATA = join(ROOT, 'bench/data', `archives-${n}`);
const MAILDIR = join(DATA, 'maildir');
const OUT = join(ROOT, 'bench/out/archives');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('run "npm run build" first');

if (!existsSync(MAILDIR))
  execFileSync(
    process.execPath,
    [join(ROOT, 'bench/ingest/generate.mjs'), MAILDIR, '--messages', String(n)],
    { stdio: 'inherit' },
  );
const ZIP = join(DATA, 'dump.zip');
const TGZ = join(DATA, 'dump.tgz');
if (!existsSync(ZIP)) execFileSync('zip', ['-qr', ZIP, 'maildir'], { cwd: DATA });
if (!existsSync(TGZ)) execFileSync('tar', ['czf', TGZ, 'maildir'], { cwd: DATA });
const mb = (p) => statSync(p).size / 1e6;

/**
 * Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of a command, from /usr/bin/time.
 * CPU time is the fair comparison on a shared machine, where wall time mostly measures the load.
 */
function timed(label, cmd, argv, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...opts,
    env: { ...process.env, LEAKLENS_PROGRESS: '0', ...(opts.env ?? {}) },
  });
  const [secs, kb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0) console.error(`${label} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const cpu = Math.round(((user ?? 0) + (sys ?? 0)) * 100) / 100;
  return { label, seconds: secs, cpu, rssMiB: Math.round((kb ?? 0) / 1024), stdout: r.stdout };
}

const extractJs = join(OUT, 'extract.mjs');
// The in-process extraction: drain every child the way the ingest manager does, recursing into a tar.
const script = `
import { readFileSync } from 'node:fs';
const { zipIngestor } = await import('${ROOT}/dist/ingest/archives/zip.js');
const { gzipIngestor } = await import('${ROOT}/dist/ingest/archives/gzip.js');
const { tarIngestor } = await import('${ROOT}/dist/ingest/archives/tar.js');
const { DEFAULT_LIMITS } = await import('${ROOT}/dist/ingest/limits.js');
const input = (data, name) => ({ data, name, provenance: name, sha256: '', depth: 0, limits: DEFAULT_LIMITS, expandedBytes: () => 0 });
let files = 0, bytes = 0;
async function drain(ing, data, name) {
  const out = await ing.ingest(input(data, name));
  for await (const c of out.children) {
    if (c.reason) throw new Error(c.message);
    if (name.endsWith('.tgz')) { await drain(tarIngestor, c.data, c.name); continue; }
    files++; bytes += c.data.length;
  }
}
const f = process.argv[2];
await drain(f.endsWith('.zip') ? zipIngestor : gzipIngestor, readFileSync(f), f.split('/').pop());
console.log(files, bytes);
`;
writeFileSync(extractJs, script);

const py =
  'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nn = b = 0\nfor i in z.infolist():\n    if not i.is_dir():\n        b += len(z.read(i)); n += 1\nprint(n, b)\n';
const rows = [
  timed('leaklens zip ingestor (extract only)', process.execPath, [extractJs, ZIP]),
  timed('unzip -p', 'sh', ['-c', `unzip -p '${ZIP}' | wc -c`]),
  timed('python3 zipfile', '/usr/bin/python3', ['-c', py, ZIP]),
  timed('leaklens gzip+tar ingestors (extract only)', process.execPath, [extractJs, TGZ]),
  timed('tar xzOf', 'sh', ['-c', `tar xzOf '${TGZ}' | wc -c`]),
];
const ingest = (label, path) => {
  const c = join(OUT, `case-${label}`);
  const r = timed(`leaklens ingest ${label}`, process.execPath, [
    join(ROOT, 'bin/leaklens.js'),
    'ingest',
    path,
    '--case',
    c,
    '--no-verify',
    '--no-analyze',
    '--json',
  ]);
  const summary = JSON.parse(r.stdout || '{}');
  return { ...r, totals: summary.totals ?? summary.summary?.totals };
};
const full = [ingest('maildir', MAILDIR), ingest('zip', ZIP), ingest('tgz', TGZ)];

const line = (r, w) =>
  `  ${r.label.padEnd(w)} wall ${String(r.seconds).padStart(6)} s  cpu ${String(r.cpu).padStart(6)} s  ${String(r.rssMiB).padStart(5)} MiB`;
const ratio = (a, b) => `wall ${(a.seconds / b.seconds).toFixed(2)}, cpu ${(a.cpu / b.cpu).toFixed(2)}`;
console.log(`\nbench/archives: ${n} messages; zip ${mb(ZIP).toFixed(1)} MB, tgz ${mb(TGZ).toFixed(1)} MB\n`);
console.log('extraction (output: files bytes)');
for (const r of rows) console.log(`${line(r, 44)}  -> ${r.stdout.trim()}`);
const [lz, uz, pz, lt, tt] = rows;
console.log(`  ratio zip: leaklens / unzip = ${ratio(lz, uz)}; leaklens / python zipfile = ${ratio(lz, pz)}`);
console.log(`  ratio tgz: leaklens / tar xzOf = ${ratio(lt, tt)}`);
console.log('\nfull ingest');
for (const r of full) console.log(`${line(r, 30)}  ${JSON.stringify(r.totals)}`);
console.log(`  ratio zip / maildir: ${ratio(full[1], full[0])}; tgz / maildir: ${ratio(full[2], full[0])}`);
const emails = full.map((r) => r.totals?.emails);
console.log(
  `  e-mails: maildir ${emails[0]}, zip ${emails[1]}, tgz ${emails[2]}${new Set(emails).size === 1 ? ' (identical)' : ' (DIFFER)'}`,
);
console.log(
  `  load average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);

// bench/team/ocr: the OCR stage on the same scanned pages, (1) on a laptop case (SQLite, one
// process, one OCR thread per core: `leaklens analyze --only ocr`) and (2) as team jobs on
// PostgreSQL + Redis with 1 and 2 `leaklens worker` processes (`analyze --database … --only ocr
// --wait`), alternately in the same run, each round with the load average. Wall time of the
// command (CLI start to the run's end, models loaded inside), pages/s, and the OCR rows compared
// (pages, status, text), so a fast wrong run cannot pass.
// Usage: npm run build && node --import tsx bench/team/ocr.ts [--rounds 2] [--copies 1]
//          [--database URL] [--queue URL] [--out DIR]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { renderScan } from '../../src/demo/docs/scan.js';
import { STYLES, TEXTS } from '../ocr/pages.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (k: string, d: string) => (args.includes(k) ? (args[args.indexOf(k) + 1] as string) : d);
const ROUNDS = Number(arg('--rounds', '2'));
const COPIES = Number(arg('--copies', '1'));
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const QUEUE = arg('--queue', 'redis://127.0.0.1:6379');
const OUT = resolve(arg('--out', join(ROOT, 'bench/out/team-ocr')));
const CLI = join(ROOT, 'bin/leaklens.js');
const ENV = { ...process.env, LEAKLENS_PROGRESS: '0' };

rmSync(OUT, { recursive: true, force: true });
const DUMP = join(OUT, 'scans');
mkdirSync(DUMP, { recursive: true });
let pages = 0;
for (let c = 0; c < COPIES; c++)
  for (const [lang, lines] of Object.entries(TEXTS))
    for (const s of STYLES) {
      // Each copy a distinct file (a line of its own), so no two documents share an original.
      const r = await renderScan([...lines, `Copie ${c + 1}`], s);
      writeFileSync(join(DUMP, `${lang}-${s.name}-${c}.${s.format === 'jpeg' ? 'jpg' : 'png'}`), r.image);
      pages++;
    }
process.stderr.write(`${pages} scanned pages in ${DUMP}\n`);

function cli(argv: string[]): { seconds: number; json: Record<string, unknown> } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...argv], { env: ENV, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`leaklens ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return { seconds, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

/** The OCR rows that must be equal between runs (run-time figures left out). */
function rowsOf(sql: string[]): string {
  const r = spawnSync(sql[0] as string, sql.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}
const PAGE_ROWS = `SELECT i.name, p.page, p.status, CAST(round(p.confidence * 10) AS INTEGER), p.text FROM ocr_pages p JOIN items i ON i.id = p.item_id ORDER BY i.name, p.page`;

function laptop(round: number) {
  const caseDir = join(OUT, `laptop-${round}`);
  cli(['ingest', DUMP, '--case', caseDir, '--no-verify', '--no-analyze', '--no-ocr', '--json']);
  const load = loadavg()[0] as number;
  const r = cli(['analyze', '--case', caseDir, '--only', 'ocr', '--json']);
  const counts = (r.json as unknown as { counts: Record<string, number> }[])[0]?.counts ?? {};
  const rows = rowsOf(['sqlite3', '-separator', '|', join(caseDir, 'case.sqlite'), PAGE_ROWS]);
  rmSync(caseDir, { recursive: true, force: true });
  return {
    label: 'laptop, SQLite, 1 process (OCR threads = cores)',
    seconds: r.seconds,
    pages: counts.pages,
    load,
    rows,
  };
}

function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    p.kill('SIGTERM');
  });
}

async function team(workers: number, round: number) {
  const caseName = `tocr_bench_${workers}w_${round}_${Date.now()}`;
  const blobs = join(OUT, `blobs-${workers}-${round}`);
  const t = ['--database', DB, '--queue', QUEUE, '--case-name', caseName];
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [CLI, 'worker', ...t, '--blobs', blobs], { env: ENV, stdio: 'ignore' }),
  );
  try {
    cli(['ingest', DUMP, ...t, '--no-verify', '--no-analyze', '--no-ocr', '--wait', '--json']);
    const load = loadavg()[0] as number;
    const r = cli(['analyze', ...t, '--only', 'ocr', '--wait', '--json']);
    const ocr = (r.json as { ocr: { waited: { counts: Record<string, number> } } }).ocr;
    const schema = `case_${caseName.toLowerCase()}`;
    const rows = rowsOf([
      'psql',
      DB,
      '-At',
      '-F',
      '|',
      '-c',
      `SET search_path TO "${schema}"; ${PAGE_ROWS}`,
    ]).replace(/^SET\n/, '');
    return {
      label: `team, PostgreSQL, ${workers} worker process(es) (1 OCR thread each)`,
      seconds: r.seconds,
      pages: ocr.waited.counts.pages,
      load,
      rows,
    };
  } finally {
    await Promise.all(procs.map(stop));
    spawnSync('psql', [DB, '-qc', `DROP SCHEMA IF EXISTS "case_${caseName.toLowerCase()}" CASCADE`]);
    rmSync(blobs, { recursive: true, force: true });
  }
}

type Result = Awaited<ReturnType<typeof team>>;
const results: (Result & { round: number })[] = [];
const show = (r: Result, round: number) => {
  results.push({ ...r, round });
  const { rows: _rows, ...rest } = r;
  process.stderr.write(`${JSON.stringify({ ...rest, round, pagesPerSecond: (r.pages ?? 0) / r.seconds })}\n`);
};
for (let round = 1; round <= ROUNDS; round++) {
  show(laptop(round), round);
  show(await team(1, round), round);
  show(await team(2, round), round);
}
const truth = results[0]?.rows;
for (const r of results)
  if (r.rows !== truth) throw new Error(`${r.label}, round ${r.round}: OCR rows differ from the laptop's`);
const by = (prefix: string) => results.filter((r) => r.label.startsWith(prefix));
const rate = (list: Result[]) =>
  list.reduce((s, r) => s + (r.pages ?? 0), 0) / list.reduce((s, r) => s + r.seconds, 0);
const lap = rate(by('laptop'));
const summary = {
  pages,
  rounds: ROUNDS,
  pagesPerSecond: {
    laptop: lap,
    team1: rate(by('team, PostgreSQL, 1')),
    team2: rate(by('team, PostgreSQL, 2')),
  },
  ratioToLaptop: {
    team1: rate(by('team, PostgreSQL, 1')) / lap,
    team2: rate(by('team, PostgreSQL, 2')) / lap,
  },
  runs: results.map(({ rows: _rows, ...r }) => r),
};
writeFileSync(join(OUT, 'result.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));

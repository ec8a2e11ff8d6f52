/**
 * Workbench under load (issue 7): N concurrent clients running mixed searches and message views
 * against `leaklens serve` for D seconds; exact p50/p95/p99 from every response time, errors and
 * non-2xx; then page render times in Chromium (navigation to rendered data) for each page.
 *
 *   node --import tsx bench/web/load.ts [--case bench/data/demo-full/case] [--connections 200] [--duration 60]
 *
 * The server runs as a separate process (as users run it), so the load generator does not share
 * its event loop. Target: p95 ≤ 100 ms, zero errors; pages under one second.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Store } from '../../src/store/store.js';
import { pageTimes } from './pages.js';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: 'bench/data/demo-full/case' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    port: { type: 'string', default: '8799' },
  },
});

/** Queries a journalist types: words, phrases, filters, facets, sorts (all with facets, as the UI asks). */
function searchPaths(store: Store): string[] {
  const words = [
    'virement',
    'facture',
    'réunion',
    'campagne',
    'presse',
    'contrat',
    'rendez-vous',
    'budget',
    'meeting',
    'note',
  ];
  const senders = (
    store.db
      .prepare('SELECT from_addr AS a FROM emails GROUP BY 1 ORDER BY count(*) DESC LIMIT 10')
      .all() as { a: string }[]
  ).map((r) => r.a);
  // Plus up to 150 distinct words of the subjects, so most searches are not repeats of each other.
  const subjectWords = new Set<string>();
  for (const r of store.db
    .prepare('SELECT subject FROM emails WHERE subject IS NOT NULL LIMIT 5000')
    .all() as { subject: string }[]) {
    for (const w of r.subject.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length > 4) subjectWords.add(w);
  }
  const qs = [
    ...words,
    ...[...subjectWords].sort().slice(0, 150),
    ...senders.map((s) => `from:${s}`),
    'has:attachment',
    'verdict:body-altered',
    '"salle de" after:2017-01',
    'facture OR devis',
    'kind:document mime:pdf',
  ];
  return qs.flatMap((q) => [
    `/api/search?q=${encodeURIComponent(q)}&limit=20`,
    `/api/search?q=${encodeURIComponent(q)}&sort=date&offset=20&limit=20`,
  ]);
}

function itemPaths(store: Store): string[] {
  const ids = (store.db.prepare('SELECT id FROM emails ORDER BY id LIMIT 200').all() as { id: string }[]).map(
    (r) => r.id,
  );
  return ids.flatMap((id) => [`/api/items/${id}`, `/api/items/${id}/body`]);
}

async function waitUp(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/session`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const store = Store.open(args.case, { readonly: true });
  const search = searchPaths(store);
  const items = itemPaths(store);
  const counts = store.db
    .prepare('SELECT (SELECT count(*) FROM emails) AS emails, (SELECT count(*) FROM documents) AS docs')
    .get() as object;
  store.close();
  // Mixed: one search for each message view (item JSON + its body frame count as two requests).
  const mix: string[] = [];
  for (let i = 0; i < Math.max(search.length, items.length); i++) {
    mix.push(search[i % search.length] as string, items[i % items.length] as string);
  }
  const port = Number(args.port);
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--case', args.case, '--port', String(port)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitUp(base);
    for (const p of mix.slice(0, 20)) await fetch(base + p); // warm the page cache once
    let next = 0;
    const times: number[] = [];
    const inst = autocannon({
      url: base,
      connections: Number(args.connections),
      duration: Number(args.duration),
      headers: { host: `127.0.0.1:${port}` },
      requests: [
        { setupRequest: (req: Record<string, unknown>) => ({ ...req, path: mix[next++ % mix.length] }) },
      ],
    });
    inst.on('response', (_c: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
    const res = await inst;
    times.sort((a, b) => a - b);
    const load = {
      case: args.case,
      ...counts,
      connections: Number(args.connections),
      durationS: Number(args.duration),
      requests: res.requests.total,
      reqPerSec: Math.round(res.requests.average),
      p50ms: pct(times, 50),
      p95ms: pct(times, 95),
      p99ms: pct(times, 99),
      maxMs: times[times.length - 1],
      errors: res.errors,
      timeouts: res.timeouts,
      non2xx: res.non2xx,
    };
    const pages = await pageTimes(base);
    process.stdout.write(`${JSON.stringify({ load, pages }, null, 2)}\n`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { main } from '../../src/cli/main.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';
import { writeDump } from './gen-dump.js';

/** Runs the CLI in-process and captures what it writes (binary frames of the runner pass through). */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => {
    if (typeof s !== 'string') return o(s, ...rest);
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => {
    if (typeof s !== 'string') return e(s, ...rest);
    err += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(['node', 'leaklens', ...args]), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

test('cli: thread, overview, graph and entities on a planted dump', async (t) => {
  const dir = tempDir(t);
  const dump = join(dir, 'dump');
  writeDump(dump);
  const caseDir = join(dir, 'case');
  const store = Store.open(caseDir);
  await ingestPaths(store, [dump], { silent: true });
  await runTriage(store, { silent: true });
  const t2 = (
    store.db.prepare("SELECT id FROM emails WHERE message_id = 't2@campagne.example'").get() as { id: string }
  ).id;
  store.close();

  const th = await run(['thread', t2.slice(0, 12), '--case', caseDir]);
  assert.equal(th.code, 0, th.err);
  const lines = th.out.trim().split('\n');
  assert.match(
    lines[0]!,
    /^Thread th-[0-9a-f]{20}: Budget déplacements — 3 message\(s\), 1 cited but not in the dump$/,
  );
  assert.deepEqual(
    lines.filter((l) => l.includes('not in the dump]')),
    ['[<t0@campagne.example> not in the dump]'],
    'the missing root is printed once, as the root',
  );
  assert.ok(
    lines.some((l) => l.startsWith('    ▶ ') && l.endsWith(t2)),
    'the asked message is marked, two levels down (missing root, then its parent)',
  );

  const ov = await run(['overview', '--json', '--case', caseDir]);
  assert.equal(ov.code, 0, ov.err);
  assert.equal(JSON.parse(ov.out).totals.emails, 10);
  const text = await run(['overview', '--case', caseDir]);
  assert.match(text.out, /^10 e-mails and 0 documents/);
  assert.match(text.out, /Sensitive — do not publish as is/);

  const graph = await run(['graph', 'dupont', '--json', '--case', caseDir]);
  assert.equal(graph.code, 0, graph.err);
  const p = (
    JSON.parse(graph.out) as {
      people: { name: string; addresses: string[]; correspondents: { address: string }[] }[];
    }
  ).people;
  assert.equal(p[0]!.name, 'Jean Dupont');
  assert.ok(p[0]!.correspondents.some((c) => c.address === 'factures@imprimerie.example'));
  const edges = JSON.parse((await run(['graph', '--json', '--case', caseDir])).out) as {
    edges: { messages: number }[];
  };
  assert.ok(edges.edges.length > 0 && edges.edges.every((e) => e.messages >= 1));

  const ents = await run(['entities', '--type', 'iban', '--json', '--case', caseDir]);
  assert.deepEqual(
    JSON.parse(ents.out).map((r: { normalized: string }) => r.normalized),
    ['FR1420041010050500013M02606'],
  );

  const bad = await run(['thread', 'em-nope', '--case', caseDir]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no thread for "em-nope"/);
  const badType = await run(['entities', '--type', 'fax', '--case', caseDir]);
  assert.equal(badType.code, 2);
  assert.match(badType.err, /unknown entity type "fax"/);
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';

const root = mkdtempSync(join(tmpdir(), 'leaklens-demo-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI in-process and captures what it writes. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  // The test runner talks to its parent through stdout in binary frames: pass those through.
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
    const code = await main(['node', 'leaklens', ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('leaklens demo / eval commands', () => {
  test('demo refuses to overwrite a directory that is not a demo', async () => {
    const dir = join(root, 'precious');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await run(['demo', '--out', dir, '--no-analyze']);
    assert.equal(r.code, 2);
    assert.equal(
      r.err,
      `leaklens: ${dir} exists and is not a leaklens demo (no truth.json): choose another --out\n`,
    );
  });

  test('demo rejects a bad size and a bad seed with one line each', async () => {
    const a = await run(['demo', '--size', 'huge', '--out', join(root, 'x')]);
    assert.equal(a.code, 2);
    assert.equal(a.err, 'leaklens: --size must be small or full, not "huge"\n');
    const b = await run(['demo', '--seed', '-1', '--out', join(root, 'x')]);
    assert.equal(b.err, 'leaklens: --seed must be an integer from 0 to 4294967295, not "-1"\n');
  });

  test('eval explains a missing truth file and a missing case', async () => {
    const a = await run(['eval', '--truth', join(root, 'none.json')]);
    assert.equal(a.code, 2);
    assert.equal(a.err, `leaklens: no truth file at ${join(root, 'none.json')}: run "leaklens demo" first\n`);
    const t = join(root, 'truth.json');
    writeFileSync(t, JSON.stringify({ generator: 'something-else' }));
    const b = await run(['eval', '--truth', t]);
    assert.equal(b.err, `leaklens: ${t} is not a leaklens demo truth file (generator something-else)\n`);
  });

  test('demo --no-analyze --json writes the files and reports the truth counts', async () => {
    const dir = join(root, 'demo');
    const r = await run(['demo', '--out', dir, '--no-analyze', '--json', '--seed', '3']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      truth: { emails: number; planted: number; documents: number; posts: number };
      analysis: unknown;
    };
    assert.deepEqual(j.truth, { emails: 400, planted: 31, documents: 5, posts: 20_057 });
    assert.equal(j.analysis, null);
  });
});
